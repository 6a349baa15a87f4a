import net from 'node:net';

/** Whether an address (IPv4, IPv6, IPv4-mapped IPv6) or host name is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const address = bare.startsWith('::ffff:') && net.isIPv4(bare.slice(7)) ? bare.slice(7) : bare;
  if (net.isIPv4(address)) return address.startsWith('127.');
  return net.isIPv6(address) && address === '::1';
}

/** An IP address in one spelling: IPv4 dotted, IPv6 as 8 groups (IPv4-mapped IPv6 becomes IPv4). */
export type IpAddress = { family: 4; address: string } | { family: 6; address: string; groups: readonly number[] };

/**
 * Reads an address as sockets and proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
 * `[2001:db8::1]:5678`, `fe80::1%eth0`, `::ffff:1.2.3.4`. Null when it is no IP address.
 */
export function parseAddress(raw: string): IpAddress | null {
  let text = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed !== null) text = bracketed[1] ?? '';
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(':'));
  // A zone names the interface a link-local address was seen on, not a different client.
  text = text.replace(/%[\w.-]+$/, '');
  if (net.isIPv4(text)) return { family: 4, address: text };
  if (!net.isIPv6(text)) return null;
  const groups = ipv6Groups(text);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return { family: 4, address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.') };
  }
  return { family: 6, address: groups.map((group) => group.toString(16)).join(':'), groups };
}

/** The eight 16-bit groups of an address net.isIPv6 accepted (zone removed). */
function ipv6Groups(text: string): number[] {
  // A dotted IPv4 tail (::ffff:1.2.3.4) is two groups written otherwise.
  const hex = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_match, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((group) => group.toString(16)).join(':'),
  );
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left = '', right] = hex.split('::');
  const head = parse(left);
  const tail = right === undefined ? [] : parse(right);
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * The key of per-client limits for an address: an IPv4 address is one client, an IPv6 client is
 * its /64 (one subscriber line or host gets a whole /64 and can pick any address inside it), and
 * an IPv4-mapped IPv6 address is its IPv4 address. Anything that is no address shares one key,
 * so malformed forwarded values cannot mint fresh budgets.
 */
export function clientKey(ip: string | undefined): string {
  // request.ip is undefined once the socket has closed, whatever its type says.
  const parsed = ip === undefined ? null : parseAddress(ip);
  if (parsed === null) return 'unknown';
  if (parsed.family === 4) return parsed.address;
  return `${parsed.groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/**
 * Reads `NIMBUS_TRUSTED_PROXIES`: addresses or CIDRs, IPv4 or IPv6, separated by commas. Returns
 * each as `address/prefix` (what `trustedProxyMatcher` takes), or the entries it cannot read.
 */
export function parseTrustedProxies(value: string): { proxies: string[]; problems: string[] } {
  const proxies: string[] = [];
  const problems: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const read = readSubnet(entry);
    if (typeof read === 'string') problems.push(`${JSON.stringify(entry)} ${read}`);
    else proxies.push(`${read.address}/${read.prefix}`);
  }
  return { proxies, problems };
}

function readSubnet(entry: string): { address: string; prefix: number } | string {
  const [addressText = '', prefixText, extra] = entry.split('/');
  const NOT_AN_ADDRESS = 'is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)';
  if (extra !== undefined || addressText.includes('[') || addressText.includes('%')) return NOT_AN_ADDRESS;
  if (!net.isIP(addressText)) return NOT_AN_ADDRESS;
  const parsed = parseAddress(addressText);
  if (parsed === null) return NOT_AN_ADDRESS;
  // An IPv4-mapped subnet (::ffff:10.0.0.0/104) means the IPv4 subnet it maps.
  const mappedOffset = parsed.family === 4 && net.isIPv6(addressText) ? 96 : 0;
  const width = parsed.family === 4 ? 32 : 128;
  // The shortest spelling, as an operator would write it (::1, not 0:0:0:0:0:0:0:1).
  const address =
    parsed.family === 4 ? parsed.address : new net.SocketAddress({ address: parsed.address, family: 'ipv6' }).address;
  if (prefixText === undefined) return { address, prefix: width };
  if (!/^\d{1,3}$/.test(prefixText)) return 'has a prefix length that is not a number';
  const prefix = Number(prefixText) - mappedOffset;
  if (prefix > width) return `has a prefix length beyond ${width + mappedOffset}`;
  if (prefix < 0) return 'is an IPv4-mapped subnet wider than ::ffff:0.0.0.0/96';
  if (prefix === 0) return 'trusts every address, so any client could claim to be any other';
  return { address, prefix };
}

/**
 * Whether an address (a socket peer or a hop of X-Forwarded-For) is one of the trusted proxies,
 * as `parseTrustedProxies` returned them. Anything that is no address is never trusted.
 */
export function trustedProxyMatcher(proxies: readonly string[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const proxy of proxies) {
    const [address = '', prefix = ''] = proxy.split('/');
    list.addSubnet(address, Number(prefix), net.isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    if (proxies.length === 0) return false;
    const parsed = parseAddress(address);
    if (parsed === null) return false;
    return list.check(parsed.address, parsed.family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** Headers a proxy adds on its way to us: a request carrying one did not come straight from its sender. */
export const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];
