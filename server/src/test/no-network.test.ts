import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutNimbusVariables } from './processes.js';

// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): routed nowhere, so without the guard a connection would hang.
const REFUSED = /outbound network is refused in tests/;

function connectionError(socket: net.Socket): Promise<Error & { code?: string }> {
  return new Promise((resolve, reject) => {
    socket.once('error', resolve);
    socket.once('connect', () => reject(new Error('it connected')));
  });
}

describe('the test network guard', () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end('loopback'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses net, tls, http and fetch to a host that is not loopback, at once', async () => {
    const started = Date.now();
    const viaNet = await connectionError(net.connect(80, '192.0.2.1'));
    expect(viaNet.code).toBe('ERR_TEST_NETWORK_REFUSED');
    expect(viaNet.message).toMatch(/192\.0\.2\.1:80/);
    expect((await connectionError(net.connect({ host: '2001:db8::1', port: 80 }))).message).toMatch(REFUSED);
    expect((await connectionError(tls.connect(443, 'example.com'))).message).toMatch(REFUSED);

    const request = http.get('http://example.com/');
    const [viaHttp] = (await once(request, 'error')) as [Error];
    expect(viaHttp.message).toMatch(REFUSED);

    const viaFetch = await fetch('https://example.com/').catch((error: unknown) => error);
    expect(viaFetch).toBeInstanceOf(TypeError);
    expect(String((viaFetch as TypeError).cause)).toMatch(REFUSED);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('lets loopback through: 127.0.0.1, localhost and fetch', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.destroy();
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('loopback');
    expect(await (await fetch(`http://localhost:${port}/`)).text()).toBe('loopback');
  });

  it('is inherited by the Node processes tests start', async () => {
    const script =
      "require('node:net').connect(80, '192.0.2.1').on('error', (e) => { console.log(e.code); })" +
      ".on('connect', () => console.log('connected'))";
    const child = spawn(process.execPath, ['-e', script], { env: withoutNimbusVariables(process.env) });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await once(child, 'close');
    expect(output.trim()).toBe('ERR_TEST_NETWORK_REFUSED');
  });
});
