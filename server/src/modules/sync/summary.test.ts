import type { MediaSummary, RecordsSummary } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../core/time.js';
import {
  createTestApp,
  jpeg,
  owner,
  putFile,
  type TestApp,
  TestDevice,
  testDialects,
  vcard,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.47.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const note = (title: string) => ({ title, body: '', updatedAt: '2026-12-01T09:00:00Z' });

/** The overview's figures: records per category (sync) and items per section (media), each with its latest change. */
describe.each(testDialects())('the overview’s summaries on %s', (dialect) => {
  const start = Date.UTC(2026, 11, 1, 9, 0);
  const clock = new ManualClock(start);
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  it('counts what each part holds, dates its latest change (a deletion too), and shows nobody else’s', async () => {
    const ip = nextIp();
    const browser = await owner(test.app, 'summary.owner@example.org', ip);
    const phone = await new TestDevice(test.app, ip).connect('summary.owner@example.org', 'Phone');

    const empty = await browser.get('/api/v1/records/summary');
    expect(empty.statusCode).toBe(200);
    expect(empty.json<RecordsSummary>().categories.contacts).toEqual({ count: 0, lastChangeAt: null });

    const [anna] = await phone.create('contacts', [
      { id: 'c-1', data: { vcard: vcard('c-1', 'Anna Schmidt') } },
      { id: 'c-2', data: { vcard: vcard('c-2', 'Boris Ivanov') } },
      { id: 'c-3', data: { vcard: vcard('c-3', 'Clara Weber') } },
    ]);
    await phone.create('notes', [{ id: 'n-1', data: note('Groceries') }]);
    clock.advance(5 * MINUTE);
    const deleted = await phone.push('contacts', [
      { id: 'c-1', op: 'delete', baseVersion: anna?.status === 'applied' ? anna.version : null },
    ]);
    expect(deleted[0]?.status).toBe('applied');
    clock.advance(MINUTE);
    expect((await putFile(phone, await jpeg(320, 240, 3), { section: 'gallery', name: 'a.jpg' })).statusCode).toBe(201);
    expect((await putFile(phone, await jpeg(320, 240, 4), { section: 'gallery', name: 'b.jpg' })).statusCode).toBe(201);

    const records = (await browser.get('/api/v1/records/summary')).json<RecordsSummary>();
    expect(records.categories).toEqual({
      // Two left after one went to the bin; the deletion is the latest change.
      contacts: { count: 2, lastChangeAt: new Date(start + 5 * MINUTE).toISOString() },
      notes: { count: 1, lastChangeAt: new Date(start).toISOString() },
      messages: { count: 0, lastChangeAt: null },
      calls: { count: 0, lastChangeAt: null },
      calendar: { count: 0, lastChangeAt: null },
    });
    const media = await browser.get('/api/v1/media/summary');
    expect(media.statusCode).toBe(200);
    expect(media.json<MediaSummary>().sections).toEqual({
      gallery: { count: 2, lastChangeAt: new Date(start + 6 * MINUTE).toISOString() },
      recordings: { count: 0, lastChangeAt: null },
      files: { count: 0, lastChangeAt: null },
    });

    const strangerIp = nextIp();
    const stranger = await owner(test.app, 'summary.stranger@example.org', strangerIp);
    const theirs = (await stranger.get('/api/v1/records/summary')).json<RecordsSummary>();
    expect(theirs.categories.contacts).toEqual({ count: 0, lastChangeAt: null });
    expect((await stranger.get('/api/v1/media/summary')).json<MediaSummary>().sections.gallery.count).toBe(0);
  });

  it('answers the portal only: 401 without credentials, 403 to a device token', async () => {
    const ip = nextIp();
    await owner(test.app, 'summary.phone@example.org', ip);
    const phone = await new TestDevice(test.app, ip).connect('summary.phone@example.org', 'Phone');
    for (const url of ['/api/v1/records/summary', '/api/v1/media/summary']) {
      expect((await test.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await phone.call('GET', url)).statusCode).toBe(403);
    }
  });
});
