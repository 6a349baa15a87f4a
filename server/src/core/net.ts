import net from 'node:net';

/** Whether an address (IPv4, IPv6, IPv4-mapped IPv6) or host name is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const address = bare.startsWith('::ffff:') && net.isIPv4(bare.slice(7)) ? bare.slice(7) : bare;
  if (net.isIPv4(address)) return address.startsWith('127.');
  return net.isIPv6(address) && address === '::1';
}
