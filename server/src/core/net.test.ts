import { describe, expect, it } from 'vitest';
import { clientKey, isLoopback, parseAddress, parseTrustedProxies, trustedProxyMatcher } from './net.js';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'app.localhost'])(
    '%s is',
    (host) => {
      expect(isLoopback(host)).toBe(true);
    },
  );
  it.each(['127.evil.example', '10.0.0.1', '192.168.1.20', '::', '0.0.0.0', '::ffff:10.0.0.1', 'example.org', ''])(
    '%s is not',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});

describe('parseAddress', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['203.0.113.9:5678', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:cb00:7109', '203.0.113.9'],
    ['[::ffff:203.0.113.9]:443', '203.0.113.9'],
    ['2001:DB8::1', '2001:db8:0:0:0:0:0:1'],
    ['[2001:db8::1]:8080', '2001:db8:0:0:0:0:0:1'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
    ['::', '0:0:0:0:0:0:0:0'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0:0:0:c000:221'],
    [' 2001:db8:1:2:3:4:5:6 ', '2001:db8:1:2:3:4:5:6'],
  ])('reads %s as %s', (raw, address) => {
    expect(parseAddress(raw)?.address).toBe(address);
  });

  it.each([
    '',
    'unknown',
    'example.org',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '2001:db8::1::2',
    '[1.2.3.4',
    '1.2.3.4:port',
  ])('refuses %j', (raw) => {
    expect(parseAddress(raw)).toBeNull();
  });
});

describe('clientKey', () => {
  it('keys IPv4 by the address and an IPv4-mapped IPv6 address by its IPv4 address', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('198.51.100.8')).not.toBe(clientKey('198.51.100.7'));
  });

  it('keys IPv6 by its /64: every address a host can pick in its /64 is one client', () => {
    const key = clientKey('2001:db8:aa:bb::1');
    expect(key).toBe('2001:db8:aa:bb::/64');
    for (const other of [
      '2001:db8:aa:bb:ffff:ffff:ffff:ffff',
      '2001:0db8:00aa:00bb:1:2:3:4',
      '[2001:db8:aa:bb::9]:443',
    ]) {
      expect(clientKey(other)).toBe(key);
    }
    expect(clientKey('2001:db8:aa:bc::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('gives everything that is no address one shared key', () => {
    expect(clientKey('garbage-1')).toBe('unknown');
    expect(clientKey('garbage-2')).toBe(clientKey('garbage-1'));
    expect(clientKey('')).toBe('unknown');
    expect(clientKey(undefined)).toBe('unknown');
  });
});

describe('trusted proxies', () => {
  it('reads addresses and CIDRs of both families, one spelling each', () => {
    expect(parseTrustedProxies(' 10.0.0.5, 172.16.0.0/12 ,fd00::/8,::1, ::ffff:192.0.2.0/120,').proxies).toEqual([
      '10.0.0.5/32',
      '172.16.0.0/12',
      'fd00::/8',
      '::1/128',
      '192.0.2.0/24',
    ]);
    expect(parseTrustedProxies('')).toEqual({ proxies: [], problems: [] });
  });

  it('names every entry it cannot read and says why', () => {
    const { problems } = parseTrustedProxies(
      'proxy.example.org,10.0.0.0/33,10.0.0.0/x,0.0.0.0/0,::/0,[::1],10.0.0.1:80,10.0.0.0/8/9,::ffff:1.2.3.4/64,fe80::1%eth0',
    );
    expect(problems).toEqual([
      '"proxy.example.org" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
      '"10.0.0.0/33" has a prefix length beyond 32',
      '"10.0.0.0/x" has a prefix length that is not a number',
      '"0.0.0.0/0" trusts every address, so any client could claim to be any other',
      '"::/0" trusts every address, so any client could claim to be any other',
      '"[::1]" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
      '"10.0.0.1:80" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
      '"10.0.0.0/8/9" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
      '"::ffff:1.2.3.4/64" is an IPv4-mapped subnet wider than ::ffff:0.0.0.0/96',
      '"fe80::1%eth0" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
    ]);
  });

  it('matches socket peers and forwarded hops in any spelling, and nothing that is no address', () => {
    const trusted = trustedProxyMatcher(parseTrustedProxies('10.1.0.0/16, 2001:db8:5::/48, 127.0.0.1').proxies);
    for (const address of ['10.1.2.3', '::ffff:10.1.2.3', '2001:db8:5:1::9', '2001:DB8:5::', '127.0.0.1']) {
      expect(trusted(address), address).toBe(true);
    }
    for (const address of ['10.2.0.1', '127.0.0.2', '2001:db8:6::1', '::1', 'unknown', '']) {
      expect(trusted(address), address).toBe(false);
    }
    expect(trustedProxyMatcher([])('127.0.0.1')).toBe(false);
  });
});
