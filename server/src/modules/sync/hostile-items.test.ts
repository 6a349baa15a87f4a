import {
  MAX_ITEM_TEXT,
  type EventProjection,
  type ImportResult,
  type RecordList,
  type ThreadList,
} from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  owner,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
  vcard,
} from '../../test/index.js';
import { MAX_IMPORT_CARDS } from './contact-files.js';

let ipCounter = 0;
const nextIp = () => `10.23.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const cookieOf = (browser: TestBrowser) => [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

const zone = (tzid: string | null, offset: string, rule?: string, start = '19700101T000000') => [
  'BEGIN:VTIMEZONE',
  ...(tzid === null ? [] : [`TZID:${tzid}`]),
  'BEGIN:STANDARD',
  `DTSTART:${start}`,
  ...(rule === undefined ? [] : [`RRULE:${rule}`]),
  `TZOFFSETFROM:${offset}`,
  `TZOFFSETTO:${offset}`,
  'END:STANDARD',
  'END:VTIMEZONE',
];
const berlin = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];
const ics = (zones: string[][], ...event: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Nimbus//Test//EN',
    ...zones.flat(),
    'BEGIN:VEVENT',
    'UID:event',
    'DTSTAMP:20260101T000000Z',
    'SUMMARY:Meeting',
    ...event,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const card = (name: string, body = '') => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\n${body}END:VCARD\r\n`;

describe.each(testDialects())('hostile vCard and iCalendar items on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  async function phoneOf(email: string): Promise<[TestBrowser, TestDevice]> {
    const browser = await owner(test.app, email, nextIp());
    return [browser, await new TestDevice(test.app, nextIp()).connect(email, 'Phone')];
  }

  function importVcf(browser: TestBrowser, file: string) {
    return test.app.inject({
      method: 'POST',
      url: '/api/v1/contacts/import',
      remoteAddress: browser.ip,
      headers: { 'content-type': 'text/vcard', cookie: cookieOf(browser), 'x-csrf-token': browser.csrfToken ?? '' },
      payload: file,
    });
  }

  async function projectionOf(browser: TestBrowser, calendar: string): Promise<EventProjection | undefined> {
    const created = await browser.post('/api/v1/records/calendar', { data: { ics: calendar } });
    expect(created.statusCode).toBe(201);
    return created.json<{ record: { projection?: EventProjection } }>().record.projection;
  }

  it('refuses time zones and events that would stall the server, and stores the rest of the push', async () => {
    const [, phone] = await phoneOf('hostile.zones@example.org');
    const results = await phone.push('calendar', [
      {
        id: 'good',
        op: 'upsert',
        baseVersion: null,
        data: { ics: ics([berlin], 'DTSTART;TZID=Europe/Berlin:20261201T100000') },
      },
      {
        id: 'daily-zone-far-event',
        op: 'upsert',
        baseVersion: null,
        data: {
          ics: ics([zone('Evil', '+0100', 'FREQ=DAILY', '20000101T000000')], 'DTSTART;TZID=Evil:40000101T100000'),
        },
      },
      {
        id: 'hourly-zone',
        op: 'upsert',
        baseVersion: null,
        data: {
          ics: ics([zone('Evil', '+0100', 'FREQ=HOURLY', '20000101T000000')], 'DTSTART;TZID=Evil:20260101T100000'),
        },
      },
      {
        id: 'endless',
        op: 'upsert',
        baseVersion: null,
        data: { ics: ics([], 'DTSTART:20260101T100000Z', 'DURATION:P9999999999999D') },
      },
    ]);
    expect(results.map((result) => [result.id, result.status, 'error' in result ? result.error.code : null])).toEqual([
      ['good', 'applied', null],
      ['daily-zone-far-event', 'rejected', 'invalid_icalendar'],
      ['hourly-zone', 'rejected', 'invalid_icalendar'],
      ['endless', 'rejected', 'invalid_icalendar'],
    ]);
  });

  it('refuses cards whose lines would make the parser slow or overflow, one by one', async () => {
    const [, phone] = await phoneOf('hostile.cards@example.org');
    const results = await phone.push('contacts', [
      { id: 'good', op: 'upsert', baseVersion: null, data: { vcard: vcard('h-0001', 'Anna Berg') } },
      {
        id: 'params',
        op: 'upsert',
        baseVersion: null,
        data: { vcard: card('a', `TEL${';TYPE=a'.repeat(140_000)}:1\r\n`) },
      },
      {
        id: 'nested',
        op: 'upsert',
        baseVersion: null,
        data: { vcard: card('a', `${'BEGIN:X\r\n'.repeat(60_000)}${'END:X\r\n'.repeat(60_000)}`) },
      },
      { id: 'lines', op: 'upsert', baseVersion: null, data: { vcard: card('a', 'TEL:1\r\n'.repeat(2001)) } },
    ]);
    expect(results.map((result) => [result.id, result.status, 'error' in result ? result.error.code : null])).toEqual([
      ['good', 'applied', null],
      ['params', 'rejected', 'invalid_vcard'],
      ['nested', 'rejected', 'invalid_vcard'],
      ['lines', 'rejected', 'invalid_vcard'],
    ]);
  });

  it('never lets one account’s time zones shape another’s event times', async () => {
    const alice = await owner(test.app, 'hostile.alice@example.org', nextIp());
    const [bob, bobsPhone] = await phoneOf('hostile.bob@example.org');
    const own = ics([berlin], 'DTSTART;TZID=Europe/Berlin:20261201T100000', 'DTEND;TZID=UTC:20261201T110000');
    const bare = ics([], 'DTSTART;TZID=Europe/Berlin:20260701T100000', 'DTEND;TZID=UTC:20260701T110000');
    const before = [await projectionOf(alice, own), await projectionOf(alice, bare)];
    expect(before[0]).toMatchObject({ start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T11:00:00.000Z' });

    const fakes = [zone('Europe/Berlin', '+1300'), zone('UTC', '+0500'), zone(null, '+0000')];
    const results = await bobsPhone.push('calendar', [
      { id: 'stored', op: 'upsert', baseVersion: null, data: { ics: ics(fakes, 'DTSTART:20260101T100000Z') } },
      {
        id: 'failing',
        op: 'upsert',
        baseVersion: null,
        data: { ics: ics(fakes, 'DTSTART;TZID=Europe/Berlin:20260101T100000', 'DURATION:garbage') },
      },
    ]);
    expect(results.map((result) => result.status)).toEqual(['applied', 'rejected']);
    expect((await bob.post('/api/v1/records/calendar', { data: { ics: ics(fakes, 'DTSTART:x') } })).statusCode).toBe(
      422,
    );

    expect([await projectionOf(alice, own), await projectionOf(alice, bare)]).toEqual(before);
  });

  it('pages through contacts with names of any length and script', async () => {
    const browser = await owner(test.app, 'hostile.names@example.org', nextIp());
    const names = [`Anna ${'N'.repeat(600)}`, '陈'.repeat(400), '😀'.repeat(400), `"\\${'\u0001'.repeat(400)}`];
    for (const name of names) {
      expect((await browser.post('/api/v1/records/contacts', { data: { vcard: card(name) } })).statusCode).toBe(201);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await browser.get(`/api/v1/records/contacts?limit=1${after === null ? '' : `&after=${after}`}`);
      expect(page.statusCode).toBe(200);
      const list = page.json<RecordList>();
      seen.push(...list.records.map((record) => record.id));
      after = list.next;
      if (after !== null) expect(after.length).toBeLessThanOrEqual(600);
    } while (after !== null);
    expect(new Set(seen).size).toBe(names.length);
  });

  it('stores and finds records holding NUL characters, giving them back as they were sent', async () => {
    const [browser, phone] = await phoneOf('hostile.nul@example.org');
    const sms = {
      address: 'Bank\u0000',
      body: 'code\u0000 4711',
      time: '2026-11-22T09:00:00Z',
      direction: 'in',
      status: 'received',
    };
    expect(await phone.push('messages', [{ id: 'm', op: 'upsert', baseVersion: null, data: sms }])).toMatchObject([
      { status: 'applied' },
    ]);
    const memo = { title: 'Memo\u0000', body: 'x\u0000', folder: 'Work\u0000', updatedAt: '2026-11-22T09:00:00Z' };
    const contact = { vcard: card('Anna\u0000 Berg') };
    expect(await phone.push('notes', [{ id: 'n', op: 'upsert', baseVersion: null, data: memo }])).toMatchObject([
      { status: 'applied' },
    ]);
    expect(await phone.push('contacts', [{ id: 'c', op: 'upsert', baseVersion: null, data: contact }])).toMatchObject([
      { status: 'applied' },
    ]);

    const tablet = await new TestDevice(test.app, nextIp()).connect('hostile.nul@example.org', 'Tablet');
    expect((await tablet.pullAll('messages'))[0]).toMatchObject({
      data: { address: 'Bank\u0000', body: 'code\u0000 4711' },
    });
    expect((await tablet.pullAll('notes'))[0]).toMatchObject({ data: memo });
    expect((await tablet.pullAll('contacts'))[0]).toMatchObject({ data: contact });
    const found = (await browser.get('/api/v1/records/messages?q=4711')).json<RecordList>().records;
    expect(found.map((record) => record.id)).toEqual(['m']);
    const threads = (await browser.get('/api/v1/messages/threads')).json<ThreadList>().threads;
    expect(threads.map((thread) => thread.key)).toEqual(['bank']);
  });

  it('imports a .vcf card by card, each stored exactly as the file has it', async () => {
    const browser = await owner(test.app, 'hostile.import@example.org', nextIp());
    const anna = 'begin:vcard\nVERSION:3.0\nFN:Anna Berg\nPHOTO;ENCODING=b;TYPE=JPEG:QUJD\n QUJD\nEND:VCARD\n';
    const boris = vcard('i-0002', 'Boris Kim');
    const huge = card('Huge', `NOTE:${'x'.repeat(MAX_ITEM_TEXT)}\r\n`);
    const nested = card('Nested', `${'BEGIN:X\r\n'.repeat(11)}${'END:X\r\n'.repeat(11)}`);
    const imported = await importVcf(browser, `${anna}${huge}${nested}${boris}`);
    expect(imported.statusCode).toBe(200);
    const result = imported.json<ImportResult>();
    expect(result.imported).toBe(2);
    expect(result.rejected.map((rejected) => [rejected.index, rejected.code])).toEqual([
      [1, 'invalid_data'],
      [2, 'invalid_vcard'],
    ]);
    const exported = await test.app.inject({
      method: 'GET',
      url: '/api/v1/contacts/export',
      remoteAddress: browser.ip,
      headers: { cookie: cookieOf(browser) },
    });
    expect(exported.body).toBe(`${anna}${boris}`);
  });

  it(`refuses a .vcf of more than ${MAX_IMPORT_CARDS} cards as a whole`, async () => {
    const browser = await owner(test.app, 'hostile.many@example.org', nextIp());
    const tooMany = await importVcf(browser, card('a').repeat(MAX_IMPORT_CARDS + 1));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'payload_too_large',
      details: { limitCards: MAX_IMPORT_CARDS },
    });
    expect((await browser.get('/api/v1/records/contacts')).json<RecordList>().records).toEqual([]);
    const stray = await importVcf(browser, `${card('a')}not a card\r\n`);
    expect(stray.statusCode).toBe(422);
  });
});
