// Tests talk to loopback only: PostgreSQL, Redis, SMTP and SMS receivers, the app itself all listen
// on 127.0.0.1. Any connection to another host fails at once with a clear error instead of
// waiting on a network that CI may not have (or reaching a real service). Loaded by vitest as a
// setup file, and by every Node process tests start, through NODE_OPTIONS --import.
import net from 'node:net';

const GUARD = Symbol.for('nimbus.test.no-network');

/** 127.0.0.0/8, ::1 (any spelling), IPv4-mapped loopback, and localhost. */
export function isLoopback(host) {
  const name = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return net.isIPv6(name) && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(name);
}

/** Where a Socket#connect call goes: a path (a Unix socket, always allowed) or a host. */
function targetOf(args) {
  // net.connect and tls.connect pass their normalised [options, callback] as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    return typeof first.path === 'string' ? null : { host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a path
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

if (!globalThis[GUARD]) {
  globalThis[GUARD] = true;
  const connect = net.Socket.prototype.connect;
  // Every TCP client of Node goes through here: net, tls, http(s) agents, and fetch (undici).
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const target = targetOf(args);
    if (target === null || isLoopback(target.host)) return connect.apply(this, args);
    const error = new Error(
      `outbound network is refused in tests: a connection to ${target.host}:${String(target.port)} ` +
        '(only loopback is allowed: 127.0.0.0/8, ::1, localhost)',
    );
    error.code = 'ERR_TEST_NETWORK_REFUSED';
    process.nextTick(() => this.destroy(error));
    return this;
  };
}
