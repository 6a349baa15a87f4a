import type { StreamEvent, SyncRecord } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, listen, owner, requireSuite, suiteValue, type TestApp, TestDevice } from '../../test/index.js';

/** The first event of a type on a socket, within a time limit. */
function nextEvent(socket: WebSocket, type: StreamEvent['type'], timeoutMs = 10_000): Promise<StreamEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event`)), timeoutMs);
    socket.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString('utf8')) as StreamEvent;
      if (event.type !== type) return;
      clearTimeout(timer);
      resolve(event);
    });
  });
}

/**
 * Scaled out: two server processes' worth of Nimbus on one PostgreSQL database and one Redis. A
 * change made through one node reaches a phone whose stream is held by the other.
 */
describe.runIf(requireSuite('postgres') && requireSuite('redis'))('the device stream across two nodes', () => {
  let first: TestApp;
  let second: TestApp;
  let secondWs = '';
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    const redis = { NIMBUS_REDIS_URL: suiteValue('redis'), NIMBUS_CAPTCHA: 'off' };
    first = await createTestApp({ dialect: 'postgres', runJobs: false, env: redis });
    second = await createTestApp({
      dialect: 'postgres',
      runJobs: false,
      env: { ...redis, NIMBUS_DATABASE_URL: first.app.nimbus.config.database.url },
    });
    secondWs = (await listen(second.app)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    // The second node uses the first one's database: it goes first.
    await second.close();
    await first.close();
  });

  it('delivers a message sent through one node to a phone connected to the other, and hints the rest', async () => {
    // The limits per address and per mailbox live in the shared Redis and outlive this run (an hour
    // for sign-ups): a mailbox and a subnet of this run's own keep earlier runs' counters out of it.
    const run = Math.floor(Math.random() * 50_000);
    const email = `nodes-${run}@example.org`;
    const subnet = `10.${23 + (run % 200)}.${Math.floor(run / 200)}`;
    const browser = await owner(first.app, email, `${subnet}.1`);
    // The phones signed in through the first node; their tokens work on any node.
    const phone = await new TestDevice(first.app, `${subnet}.2`).connect(email, 'Phone');
    const tablet = await new TestDevice(first.app, `${subnet}.3`).connect(email, 'Tablet');
    const open = (device: TestDevice) => {
      const socket = new WebSocket(`${secondWs}/api/v1/devices/stream`, {
        headers: { authorization: `Bearer ${device.accessToken}` },
      });
      sockets.push(socket);
      return socket;
    };
    const phoneSocket = open(phone);
    const tabletSocket = open(tablet);
    await Promise.all([nextEvent(phoneSocket, 'hello'), nextEvent(tabletSocket, 'hello')]);

    const command = nextEvent(phoneSocket, 'command');
    const hint = nextEvent(tabletSocket, 'sync');
    const sent = await first.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      remoteAddress: browser.ip,
      headers: {
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': browser.csrfToken ?? '',
      },
      payload: { deviceId: phone.id, address: '+49 151 2345678', body: 'Across nodes' },
    });
    expect(sent.statusCode).toBe(201);
    const message = sent.json<{ record: SyncRecord }>().record;
    expect(await command).toMatchObject({ type: 'command', command: { payload: { messageId: message.id } } });
    expect(await hint).toEqual({ type: 'sync', category: 'messages' });
  });
});
