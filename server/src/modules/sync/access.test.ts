import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { createTestApp, owner, type TestApp, TestDevice, testDialects } from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.24.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

/** What a device may do besides its own sync, and what a stranger may not make the server do. */
describe.each(testDialects())('access to records and devices on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  it('keeps a device to the categories switched on for it, and to itself', async () => {
    const email = 'access.device@example.org';
    await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    await phone.push('messages', [
      {
        id: 'sms-1',
        op: 'upsert',
        baseVersion: null,
        data: {
          address: '+491512345678',
          body: 'PIN 4711',
          time: '2026-11-22T09:00:00Z',
          direction: 'in',
          status: 'received',
        },
      },
    ]);
    expect(
      (await tablet.call('PATCH', '/api/v1/devices/current/sync', { messages: false, contacts: false })).statusCode,
    ).toBe(200);

    // Switched off means off, whichever door: sync, records, threads, export, import.
    for (const url of [
      '/api/v1/records/messages',
      '/api/v1/messages/threads',
      '/api/v1/records/messages/sms-1',
      '/api/v1/contacts/export',
    ]) {
      const response = await tablet.call('GET', url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('category_disabled');
    }
    // Sending an SMS through a phone is the owner's act in the portal.
    const send = await tablet.call('POST', '/api/v1/messages', {
      deviceId: phone.id,
      address: '+491512345678',
      body: 'x',
    });
    expect(send.statusCode).toBe(403);
    // Nor may one device switch another off, or remove it.
    expect((await tablet.call('PATCH', `/api/v1/devices/${phone.id}/sync`, { all: false })).statusCode).toBe(403);
    expect((await tablet.call('DELETE', `/api/v1/devices/${phone.id}`)).statusCode).toBe(403);
    expect((await phone.call('GET', '/api/v1/sync/messages')).statusCode).toBe(200);
  });

  it('refuses a NUL in searches, thread keys and cursors with a clear error', async () => {
    const browser = await owner(test.app, 'access.nul@example.org', nextIp());
    const forged = Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url');
    for (const url of [
      '/api/v1/records/messages?q=a%00b',
      '/api/v1/messages/threads?q=a%00b',
      `/api/v1/records/notes?after=${forged}`,
    ]) {
      expect((await browser.get(url)).statusCode, url).toBe(400);
    }
    const read = await test.app.inject({
      method: 'POST',
      url: '/api/v1/messages/threads/a%00b/read',
      remoteAddress: browser.ip,
      headers: {
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': browser.csrfToken ?? '',
      },
    });
    expect(read.statusCode).toBe(400);
  });

  it('refuses a stranger before reading what they send', async () => {
    const big = JSON.stringify({
      items: [{ id: 'x', op: 'upsert', baseVersion: null, data: { body: 'x'.repeat(3_000_000) } }],
    });
    for (const [method, url, type] of [
      ['POST', '/api/v1/sync/notes', 'application/json'],
      ['POST', '/api/v1/records/notes', 'application/json'],
      ['POST', '/api/v1/contacts/import', 'text/vcard'],
    ] as const) {
      const response = await test.app.inject({
        method,
        url,
        remoteAddress: nextIp(),
        headers: { 'content-type': type },
        payload: big,
      });
      expect(response.statusCode, url).toBe(401);
    }
    // And the vCard parser takes its larger limit to the import alone.
    const browser = await owner(test.app, 'access.vcard@example.org', nextIp());
    const asVcard = await test.app.inject({
      method: 'POST',
      url: '/api/v1/records/contacts',
      remoteAddress: browser.ip,
      headers: {
        'content-type': 'text/vcard',
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': browser.csrfToken ?? '',
      },
      payload: 'BEGIN:VCARD\r\nEND:VCARD\r\n',
    });
    expect(asVcard.statusCode).toBe(415);
  });
});

describe.runIf(testDialects().includes('postgres'))('a push that waits too long on PostgreSQL', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect: 'postgres', runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  it('answers 503 with Retry-After instead of holding a connection for ever, then goes through', async () => {
    const email = 'access.busy@example.org';
    await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const note = (title: string) => ({ title, body: '', updatedAt: '2026-11-22T09:00:00Z' });
    await phone.push('notes', [{ id: 'first', op: 'upsert', baseVersion: null, data: note('First') }]);

    // Another transaction holds the account's sequence, as a stuck push would.
    const holder = new pg.Client({ connectionString: test.app.nimbus.config.database.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select * from sync_state for update');
      const busy = await phone.call('POST', '/api/v1/sync/notes', {
        items: [{ id: 'second', op: 'upsert', baseVersion: null, data: note('Second') }],
      });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      await holder.query('rollback');
    } finally {
      await holder.end();
    }
    const results = await phone.push('notes', [
      { id: 'second', op: 'upsert', baseVersion: null, data: note('Second') },
    ]);
    expect(results[0]).toMatchObject({ status: 'applied' });
  }, 30_000);
});
