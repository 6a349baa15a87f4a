import type { RecordList, SyncRecord, ThreadList } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../core/time.js';
import {
  createTestApp,
  owner,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
  vcard,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.21.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

const note = (title: string, body = '') => ({ title, body, updatedAt: '2026-11-22T09:00:00Z' });
const message = (address: string, body: string, minute: number, read = true) => ({
  address,
  body,
  time: `2026-11-22T09:${String(minute).padStart(2, '0')}:00Z`,
  direction: 'in',
  read,
  status: 'received',
});

const cookieOf = (browser: TestBrowser) => [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

describe.each(testDialects())('records in the portal on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  async function send(browser: TestBrowser, method: 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown) {
    return test.app.inject({
      method,
      url,
      remoteAddress: browser.ip,
      headers: {
        cookie: cookieOf(browser),
        'x-csrf-token': browser.csrfToken ?? '',
      },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
  }

  it('edits, deletes and restores through the same engine the phones sync with', async () => {
    const browser = await owner(test.app, 'records.flow@example.org', nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect('records.flow@example.org', 'Phone');

    const created = await browser.post('/api/v1/records/contacts', {
      data: { vcard: vcard('p-0001', 'Olga Sidorova') },
    });
    expect(created.statusCode).toBe(201);
    const record = created.json<{ record: SyncRecord }>().record;
    expect(record).toMatchObject({ category: 'contacts', projection: { fullName: 'Olga Sidorova' } });
    expect((await phone.pullAll('contacts')).map((change) => change.id)).toEqual([record.id]);

    const edited = await send(browser, 'PUT', `/api/v1/records/contacts/${record.id}`, {
      baseVersion: record.version,
      data: { vcard: vcard('p-0001', 'Olga Petrova') },
    });
    expect(edited.statusCode).toBe(200);
    // An edit based on the old version is a conflict carrying what the server has.
    const stale = await send(browser, 'PUT', `/api/v1/records/contacts/${record.id}`, {
      baseVersion: record.version,
      data: { vcard: vcard('p-0001', 'Olga Ivanova') },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { details: { server: SyncRecord } } }>().error.details.server).toMatchObject({
      projection: { fullName: 'Olga Petrova' },
    });

    expect((await send(browser, 'DELETE', `/api/v1/records/contacts/${record.id}`)).statusCode).toBe(204);
    expect(await phone.pullAll('contacts')).toMatchObject([{ id: record.id, deleted: true }]);
    expect((await browser.get(`/api/v1/records/contacts/${record.id}`)).statusCode).toBe(404);
    const bin = (await browser.get('/api/v1/records/contacts?bin=true')).json<RecordList>();
    expect(bin.records.map((item) => item.id)).toEqual([record.id]);

    const restored = await send(browser, 'POST', `/api/v1/records/contacts/${record.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(await phone.pullAll('contacts')).toMatchObject([
      { id: record.id, deleted: false, projection: { fullName: 'Olga Petrova' } },
    ]);
    expect((await browser.get('/api/v1/records/contacts?bin=true')).json<RecordList>().records).toEqual([]);
  });

  it('lists in pages without gaps or repeats, and searches names, numbers and text', async () => {
    const browser = await owner(test.app, 'records.list@example.org', nextIp());
    for (let index = 0; index < 120; index++) {
      const response = await browser.post('/api/v1/records/notes', {
        data: {
          ...note(`Note ${index}`, index % 10 === 0 ? 'buy milk' : 'other'),
          updatedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
        },
      });
      expect(response.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after === null ? '' : `&after=${after}`;
      const page: RecordList = (await browser.get(`/api/v1/records/notes?limit=50${query}`)).json<RecordList>();
      seen.push(...page.records.map((item) => (item.category === 'notes' ? item.data.title : '')));
      after = page.next;
    } while (after !== null);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    // The latest first.
    expect(seen[0]).toBe('Note 119');

    const milk = (await browser.get('/api/v1/records/notes?q=MILK&limit=200')).json<RecordList>();
    expect(milk.records).toHaveLength(12);

    await browser.post('/api/v1/records/contacts', { data: { vcard: vcard('c-4567', 'Pavel Orlov') } });
    const byDigits = (await browser.get('/api/v1/records/contacts?q=4567')).json<RecordList>();
    expect(byDigits.records.map((item) => item.category === 'contacts' && item.projection.fullName)).toEqual([
      'Pavel Orlov',
    ]);
    // Search text is text: "%" and "_" match themselves only.
    expect((await browser.get('/api/v1/records/notes?q=%25')).json<RecordList>().records).toEqual([]);
    expect((await browser.get('/api/v1/records/notes?after=bm9wZQ')).statusCode).toBe(400);
  });

  it('groups messages into threads with unread counts, the latest thread first', async () => {
    const browser = await owner(test.app, 'records.threads@example.org', nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect('records.threads@example.org', 'Phone');
    await phone.push('messages', [
      { id: 'm1', op: 'upsert', baseVersion: null, data: message('+7 916 123-45-67', 'Hi', 1) },
      { id: 'm2', op: 'upsert', baseVersion: null, data: message('+79161234567', 'Are you there?', 5, false) },
      { id: 'm3', op: 'upsert', baseVersion: null, data: message('MegaFon', 'Your balance', 3, false) },
    ]);
    const threads = (await browser.get('/api/v1/messages/threads')).json<ThreadList>().threads;
    expect(threads.map((thread) => [thread.key, thread.count, thread.unread])).toEqual([
      ['+79161234567', 2, 1],
      ['megafon', 1, 1],
    ]);
    expect(threads[0]?.last).toMatchObject({ id: 'm2' });
    const one = (await browser.get('/api/v1/records/messages?group=%2B79161234567')).json<RecordList>();
    expect(one.records.map((item) => item.id)).toEqual(['m2', 'm1']);

    // Opening the thread in the portal marks it read, and the phone learns it.
    await phone.pullAll('messages');
    const read = await send(browser, 'POST', '/api/v1/messages/threads/%2B79161234567/read');
    expect(read.json()).toEqual({ updated: 1 });
    const after = (await browser.get('/api/v1/messages/threads')).json<ThreadList>().threads;
    expect(after.map((thread) => thread.unread)).toEqual([0, 1]);
    expect(await phone.pullAll('messages')).toMatchObject([{ id: 'm2', data: { read: true } }]);
  });

  it('lists the recycle bin with the latest deleted first', async () => {
    const browser = await owner(test.app, 'records.bin@example.org', nextIp());
    const ids: string[] = [];
    for (const title of ['Zebra', 'Apple', 'Mango']) {
      ids.push(
        (await browser.post('/api/v1/records/notes', { data: note(title) })).json<{ record: SyncRecord }>().record.id,
      );
    }
    for (const id of [ids[1], ids[2], ids[0]]) {
      clock.advance(MINUTE);
      expect((await send(browser, 'DELETE', `/api/v1/records/notes/${id ?? ''}`)).statusCode).toBe(204);
    }
    const first = (await browser.get('/api/v1/records/notes?bin=true&limit=2')).json<RecordList>();
    const second = (
      await browser.get(`/api/v1/records/notes?bin=true&limit=2&after=${first.next ?? ''}`)
    ).json<RecordList>();
    expect([...first.records, ...second.records].map((item) => item.category === 'notes' && item.data.title)).toEqual([
      'Zebra',
      'Mango',
      'Apple',
    ]);
    expect(second.next).toBeNull();
  });

  it('reads only the calendar items that touch a range, repeating ones always', async () => {
    const browser = await owner(test.app, 'records.calendar@example.org', nextIp());
    const event = (uid: string, start: string, end: string, rule = '') =>
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261101T000000Z\r\n` +
      `DTSTART:${start}\r\nDTEND:${end}\r\n${rule}SUMMARY:${uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    for (const ics of [
      event('november', '20261110T090000Z', '20261110T100000Z'),
      event('over-new-year', '20261231T220000Z', '20270101T020000Z'),
      event('weekly', '20261005T170000Z', '20261005T180000Z', 'RRULE:FREQ=WEEKLY\r\n'),
      event('january', '20270115T090000Z', '20270115T100000Z'),
    ]) {
      expect((await browser.post('/api/v1/records/calendar', { data: { ics } })).statusCode).toBe(201);
    }
    const titles = async (from: string, to: string) =>
      (await browser.get(`/api/v1/records/calendar?from=${from}&to=${to}&limit=200`))
        .json<RecordList>()
        .records.map((item) => item.category === 'calendar' && item.projection.summary);
    expect(await titles('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['weekly', 'over-new-year']);
    expect(await titles('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')).toEqual([
      'weekly',
      'over-new-year',
      'january',
    ]);
    expect(await titles('2026-11-01T00:00:00%2B03:00', '2026-12-01T00:00:00Z')).toEqual(['weekly', 'november']);
  });

  it('imports a .vcf (listing the cards it could not read) and exports every contact', async () => {
    const browser = await owner(test.app, 'records.vcf@example.org', nextIp());
    const file = `${vcard('i-0001', 'Anna Berg')}${vcard('i-0002', 'Boris Kim')}BEGIN:VCARD\r\nFN:No version\r\nEND:VCARD\r\n`;
    const imported = await test.app.inject({
      method: 'POST',
      url: '/api/v1/contacts/import',
      remoteAddress: browser.ip,
      headers: {
        'content-type': 'text/vcard',
        cookie: cookieOf(browser),
        'x-csrf-token': browser.csrfToken ?? '',
      },
      payload: file,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 2, rejected: [{ index: 2, code: 'invalid_vcard' }] });

    const exported = await test.app.inject({
      method: 'GET',
      url: '/api/v1/contacts/export',
      remoteAddress: browser.ip,
      headers: { cookie: cookieOf(browser) },
    });
    expect(exported.headers['content-type']).toMatch(/^text\/vcard/);
    expect(exported.body.match(/BEGIN:VCARD/g)).toHaveLength(2);
    expect(exported.body.indexOf('Anna Berg')).toBeLessThan(exported.body.indexOf('Boris Kim'));
  });

  it('refuses malformed data, a change without the CSRF token, and another account’s record id', async () => {
    const alice = await owner(test.app, 'records.alice@example.org', nextIp());
    const mallory = await owner(test.app, 'records.mallory@example.org', nextIp());
    const bad = await alice.post('/api/v1/records/contacts', { data: { vcard: 'BEGIN:VCARD\r\nEND:VCARD' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ error: { details: { code: string } } }>().error.details.code).toBe('invalid_vcard');

    const created = (await alice.post('/api/v1/records/notes', { data: note('Alice', 'private') })).json<{
      record: SyncRecord;
    }>().record;
    const noCsrf = await test.app.inject({
      method: 'DELETE',
      url: `/api/v1/records/notes/${created.id}`,
      remoteAddress: alice.ip,
      headers: { cookie: cookieOf(alice) },
    });
    expect(noCsrf.statusCode).toBe(403);

    expect((await mallory.get(`/api/v1/records/notes/${created.id}`)).statusCode).toBe(404);
    const put = await send(mallory, 'PUT', `/api/v1/records/notes/${created.id}`, {
      baseVersion: created.version,
      data: note('Owned'),
    });
    expect(put.statusCode).toBe(404);
    expect((await send(mallory, 'DELETE', `/api/v1/records/notes/${created.id}`)).statusCode).toBe(404);
    expect((await send(mallory, 'POST', `/api/v1/records/notes/${created.id}/restore`)).statusCode).toBe(404);
    expect((await alice.get(`/api/v1/records/notes/${created.id}`)).json<{ record: SyncRecord }>().record).toEqual(
      created,
    );
  });
});
