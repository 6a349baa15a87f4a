import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp } from '../../test/index.js';
import { HTTP_TIMEOUTS } from './timeouts.js';

/** Opens a connection and sends `text`; resolves with what the server wrote once it closed, or null if it never did. */
function talk(base: string, text: string, giveUpMs: number): Promise<{ answer: string; afterMs: number } | null> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, afterMs: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
}

describe('HTTP timeouts', () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false, httpTimeouts: { headersMs: 500, checkIntervalMs: 100 } });
    base = await listen(test.app);
  });
  afterAll(() => test.close());

  it('are set for production: headers in seconds, idle sockets past the longest long poll', () => {
    expect(HTTP_TIMEOUTS.headersMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_TIMEOUTS.idleMs).toBeGreaterThan(60_000);
    expect(HTTP_TIMEOUTS.requestMs).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.headersMs);
    expect(test.app.server.requestTimeout).toBe(HTTP_TIMEOUTS.requestMs);
    expect(test.app.server.timeout).toBe(HTTP_TIMEOUTS.idleMs);
  });

  it('closes a slow-loris connection whose headers never end', async () => {
    // A request line and one header, then nothing: the headers are never finished.
    const closed = await talk(base, 'GET /healthz HTTP/1.1\r\nHost: nimbus\r\nX-Slow: 1\r\n', 5000);
    expect(closed).not.toBeNull();
    expect(closed?.afterMs).toBeLessThan(3000);
    expect(closed?.answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still answers a request that finishes its headers in time', async () => {
    const closed = await talk(base, 'GET /healthz HTTP/1.1\r\nHost: nimbus\r\nConnection: close\r\n\r\n', 5000);
    expect(closed?.answer).toMatch(/^HTTP\/1\.1 200/);
  });
});
