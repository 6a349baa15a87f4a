import type { PushResult, StreamEvent, SyncRecord } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock, MINUTE } from '../../core/time.js';
import {
  createTestApp,
  listen,
  owner,
  PASSWORD,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
  vcard,
} from '../../test/index.js';
import { HOUR } from '../../core/time.js';
import { MAX_POLLS_PER_DEVICE } from './stream.routes.js';

let ipCounter = 0;
const nextIp = () => `10.22.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const note = (title: string) => ({ title, body: '', updatedAt: '2026-11-22T09:00:00Z' });

/** A device's open stream: every event it received, and a way to wait for the next one of a type. */
class StreamClient {
  readonly events: StreamEvent[] = [];
  private readonly socket: WebSocket;
  private readonly waiters: (() => void)[] = [];

  constructor(url: string, accessToken: string) {
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${accessToken}` } });
    this.socket.on('message', (data: Buffer) => {
      this.events.push(JSON.parse(data.toString('utf8')) as StreamEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async next<T extends StreamEvent['type']>(
    type: T,
    seen = 0,
    timeoutMs = 10_000,
  ): Promise<Extract<StreamEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter((event) => event.type === type)[seen];
      if (found !== undefined) return found as Extract<StreamEvent, { type: T }>;
      if (Date.now() > deadline) throw new Error(`no ${type} event; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

describe.each(testDialects())('the device stream and commands on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  let wsBase = '';
  const streams: StreamClient[] = [];
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    wsBase = (await listen(test.app)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await test.close();
  });

  const open = (device: TestDevice) => {
    const stream = new StreamClient(`${wsBase}/api/v1/devices/stream`, device.accessToken);
    streams.push(stream);
    return stream;
  };

  async function sendFromPortal(browser: TestBrowser, deviceId: string, body: string) {
    return test.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      remoteAddress: browser.ip,
      headers: {
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': browser.csrfToken ?? '',
      },
      payload: { deviceId, address: '+49 151 2345678', body },
    });
  }

  it('hands a message written in the portal to the phone, and the phone’s report to the portal', async () => {
    const email = 'stream.send@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const phoneStream = open(phone);
    const tabletStream = open(tablet);
    expect(await phoneStream.next('hello')).toEqual({ type: 'hello', deviceId: phone.id });
    await tabletStream.next('hello');
    const listed = async () =>
      (await browser.get('/api/v1/devices')).json<{ devices: { id: string; online: boolean }[] }>().devices;
    // Marked online as the stream opens: wait for that write, bounded.
    for (let tries = 0; tries < 50 && !(await listed()).every((device) => device.online); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await listed()).map((device) => device.online)).toEqual([true, true]);

    const sent = await sendFromPortal(browser, phone.id, 'Running late');
    expect(sent.statusCode).toBe(201);
    const message = sent.json<{ record: SyncRecord }>().record;
    expect(message).toMatchObject({ category: 'messages', data: { status: 'queued', direction: 'out' } });

    const { command } = await phoneStream.next('command');
    expect(command).toMatchObject({
      kind: 'send_sms',
      payload: { messageId: message.id, address: '+49 151 2345678', body: 'Running late' },
    });
    // The other device is told that messages changed; the one that sends is given the command.
    expect(await tabletStream.next('sync')).toEqual({ type: 'sync', category: 'messages' });
    expect(tabletStream.events.filter((event) => event.type === 'command')).toEqual([]);

    const report = await phone.call('POST', `/api/v1/devices/commands/${command.id}/result`, { status: 'done' });
    expect(report.statusCode).toBe(204);
    const after = (await browser.get(`/api/v1/records/messages/${message.id}`)).json<{ record: SyncRecord }>().record;
    expect(after).toMatchObject({ data: { status: 'sent' } });
    expect(after.version).toBeGreaterThan(message.version);
    // Reporting twice is harmless; a different outcome afterwards is refused.
    expect(
      (await phone.call('POST', `/api/v1/devices/commands/${command.id}/result`, { status: 'done' })).statusCode,
    ).toBe(204);
    expect(
      (await phone.call('POST', `/api/v1/devices/commands/${command.id}/result`, { status: 'failed' })).statusCode,
    ).toBe(409);

    // A closed stream is offline at once; one that stopped pinging is offline after its grace.
    tabletStream.close();
    for (let tries = 0; tries < 50 && (await listed()).filter((device) => device.online).length > 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await listed()).find((device) => device.id === tablet.id)?.online).toBe(false);
    clock.advance(10 * MINUTE);
    expect((await listed()).find((device) => device.id === phone.id)?.online).toBe(false);
  });

  it('keeps commands for a phone that is offline and gives them when it connects, or by long poll', async () => {
    const email = 'stream.offline@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const first = (await sendFromPortal(browser, phone.id, 'One')).json<{ record: SyncRecord }>().record;

    const stream = open(phone);
    const { command } = await stream.next('command');
    expect(command.payload.messageId).toBe(first.id);

    // Without a WebSocket: the long poll does not hand out again what the phone is at work on…
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).json<{ events: unknown[] }>().events).toEqual([]);
    // …but does once it went a minute without an answer.
    clock.advance(61_000);
    const polled = await phone.call('GET', '/api/v1/devices/events?wait=0');
    expect(polled.statusCode).toBe(200);
    expect(polled.json<{ events: StreamEvent[] }>().events).toMatchObject([
      { type: 'command', command: { id: command.id } },
    ]);

    // A failure the phone reports reaches the message with the phone's words.
    await phone.call('POST', `/api/v1/devices/commands/${command.id}/result`, {
      status: 'failed',
      error: 'No network',
    });
    const failed = (await browser.get(`/api/v1/records/messages/${first.id}`)).json<{ record: SyncRecord }>().record;
    expect(failed).toMatchObject({ data: { status: 'failed', error: 'No network' } });
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).json<{ events: unknown[] }>().events).toEqual([]);
  });

  it('expires a command no phone picked up in a day, and the message says so', async () => {
    const email = 'stream.expire@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const message = (await sendFromPortal(browser, phone.id, 'Late')).json<{ record: SyncRecord }>().record;
    clock.advance(25 * HOUR);
    // What the expiry job does every five minutes (the clock here is manual).
    expect(await test.app.modules.devices.commands.expireOverdue()).toBe(1);
    const after = (await browser.get(`/api/v1/records/messages/${message.id}`)).json<{ record: SyncRecord }>().record;
    expect(after).toMatchObject({
      data: { status: 'failed', error: 'The phone did not pick the message up in time.' },
    });
    await phone.refresh();
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).json<{ events: unknown[] }>().events).toEqual([]);
  });

  it('closes the stream of a device removed in the portal, and forgets one signed out elsewhere', async () => {
    const email = 'stream.removed@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const socket = new WebSocket(`${wsBase}/api/v1/devices/stream`, {
      headers: { authorization: `Bearer ${phone.accessToken}` },
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('message', resolve));
    expect((await browser.request('DELETE', `/api/v1/devices/${phone.id}`)).statusCode).toBe(204);
    expect(await closed).toBe(4401);

    // "Sign out all other sessions" ends the tablet's sign-in: it is no longer listed, nor sends.
    expect((await browser.post('/api/v1/sessions/revoke-others')).statusCode).toBe(200);
    expect((await browser.get('/api/v1/devices')).json<{ devices: unknown[] }>().devices).toEqual([]);
    expect((await sendFromPortal(browser, tablet.id, 'Hi')).statusCode).toBe(404);
  });

  it('ends the open long poll of a device removed in the portal at once, and refuses the next one', async () => {
    const email = 'stream.poll-removed@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const started = Date.now();
    const poll = phone.call('GET', '/api/v1/devices/events?wait=25');
    // The poll is waiting (subscribed) before the removal: give it a moment to get there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await browser.request('DELETE', `/api/v1/devices/${phone.id}`)).statusCode).toBe(204);
    const timeout = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5000));
    const answered = await Promise.race([poll, timeout]);
    if (answered === 'still waiting') throw new Error('the long poll of a removed device went on waiting');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answered.statusCode).toBe(401);
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).statusCode).toBe(401);
    await poll;
  });

  it('a password change closes the streams and ends the long polls of the devices it signs out, at once', async () => {
    const email = 'stream.password@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const socket = new WebSocket(`${wsBase}/api/v1/devices/stream`, {
      headers: { authorization: `Bearer ${phone.accessToken}` },
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('message', resolve));
    const poll = tablet.call('GET', '/api/v1/devices/events?wait=25');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const changed = await browser.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'Another-walk-43',
    });
    expect(changed.statusCode).toBe(204);
    // Well before the stream's next ping (30 s) or the poll's end (25 s).
    const timeout = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 5000));
    expect(await Promise.race([closed, timeout])).toBe(4401);
    const polled = await Promise.race([poll, timeout]);
    if (polled === 'still open') throw new Error('the long poll of a signed-out device went on waiting');
    expect(polled.statusCode).toBe(401);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await browser.get('/api/v1/devices')).json<{ devices: unknown[] }>().devices).toEqual([]);
  });

  it('refuses a stream to a browser, a message through a phone with messages off or of another account', async () => {
    const email = 'stream.refusals@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const other = await owner(test.app, 'stream.other@example.org', nextIp());

    const asBrowser = await browser.get('/api/v1/devices/events?wait=0');
    expect(asBrowser.statusCode).toBe(403);
    expect(asBrowser.json<{ error: { code: string } }>().error.code).toBe('not_a_device');

    expect((await sendFromPortal(other, phone.id, 'Hi')).statusCode).toBe(404);
    await phone.call('PATCH', '/api/v1/devices/current/sync', { messages: false });
    const off = await sendFromPortal(browser, phone.id, 'Hi');
    expect(off.statusCode).toBe(403);
    expect(off.json<{ error: { code: string } }>().error.code).toBe('category_disabled');
  });

  it('takes a device’s edit through /records like its push: a receipt, and a hint to the other devices only', async () => {
    const email = 'records.device@example.org';
    await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const phoneStream = open(phone);
    const tabletStream = open(tablet);
    await phoneStream.next('hello');
    await tabletStream.next('hello');

    const created = await phone.call('POST', '/api/v1/records/notes', { data: note('Shopping') });
    expect(created.statusCode).toBe(201);
    const record = created.json<{ record: SyncRecord }>().record;
    const updated = await phone.call('PUT', `/api/v1/records/notes/${record.id}`, {
      baseVersion: record.version,
      data: note('Shopping list'),
    });
    expect(updated.statusCode).toBe(200);
    const edited = updated.json<{ record: SyncRecord }>().record;
    const removed = await phone.call('DELETE', `/api/v1/records/notes/${record.id}?baseVersion=${edited.version}`);
    expect(removed.statusCode).toBe(204);

    const receipts = await test.app.nimbus.database.db
      .selectFrom('push_receipts')
      .select(['record_id', 'base_version', 'op', 'version'])
      .where('device_id', '=', phone.id)
      .orderBy('base_version')
      .execute();
    expect(receipts).toEqual([
      { record_id: record.id, base_version: 0, op: 'upsert', version: record.version },
      { record_id: record.id, base_version: record.version, op: 'upsert', version: edited.version },
      { record_id: record.id, base_version: edited.version, op: 'delete', version: edited.version + 1 },
    ]);
    // A phone that lost the answer to its create pushes it again: answered as before, not a conflict.
    const [again] = await phone.push('notes', [
      { id: record.id, op: 'upsert', baseVersion: null, data: note('Shopping') },
    ]);
    expect(again).toEqual<PushResult>({ id: record.id, status: 'applied', version: record.version, etag: record.etag });

    expect(await tabletStream.next('sync')).toEqual({ type: 'sync', category: 'notes' });
    // The tablet's change comes after the phone's: had the phone been told of its own notes, that
    // hint would have reached it first.
    const fromTablet = await tablet.call('POST', '/api/v1/records/contacts', {
      data: { vcard: vcard('t-0001', 'Anna Smirnova') },
    });
    expect(fromTablet.statusCode).toBe(201);
    expect(await phoneStream.next('sync')).toEqual({ type: 'sync', category: 'contacts' });
  });
  it('refuses a fifth long poll of one device while four are open (429), and takes one again once they end', async () => {
    await owner(test.app, 'polls@example.org', nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect('polls@example.org', 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect('polls@example.org', 'Tablet');
    const held = Array.from({ length: MAX_POLLS_PER_DEVICE }, () => phone.call('GET', '/api/v1/devices/events?wait=2'));
    // Let the four reach their wait.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fifth = await phone.call('GET', '/api/v1/devices/events?wait=0');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    // Another device of the same account has its own budget.
    expect((await tablet.call('GET', '/api/v1/devices/events?wait=0')).statusCode).toBe(200);
    expect((await Promise.all(held)).map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).statusCode).toBe(200);
  });
});
