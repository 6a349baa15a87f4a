import type { MediaItemList, Timeline } from '@nimbus/protocol';
import { owner, seedGallery, TestDevice } from '../server/src/test/index.js';
import { mean, withProductionApp, type Bench } from './bench.js';
import { load } from './load.js';

const ITEMS = 100_000;
const PAGE = 200;
const ROUNDS = 3;
/** Clients asking at once over HTTP. */
const CLIENTS = 4;
const LOAD_SECONDS = 5;
const SQL_PAGES = 1000;
const YEARS = 8;

/**
 * A gallery of 100,000 photos over eight years: the portal's first screen (the timeline's months, then
 * the newest month's first page) and a month deep in the past, through the API in this process; and
 * how fast the server answers such pages over HTTP vs the same rows read in plain SQL in the same run.
 */
const galleryBench: Bench = async () =>
  withProductionApp({ NIMBUS_CAPTCHA: 'off' }, async (app) => {
    await owner(app, 'bench.gallery@example.org', '10.42.0.1');
    const phone = await new TestDevice(app, '10.42.0.2').connect('bench.gallery@example.org', 'Phone');
    const { db } = app.nimbus.database;
    const account = await db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await seedGallery(db, account.id, {
      count: ITEMS,
      years: YEARS,
      end: Date.UTC(2026, 11, 1),
      thumbnail: 'ready',
      album: (index) => (index % 10 === 0 ? 'Screenshots' : 'camera'),
    });

    const timelineMs: number[] = [];
    const pageMs: number[] = [];
    let started = performance.now();
    const timeline = (await phone.call('GET', '/api/v1/media/timeline')).json<Timeline>();
    timelineMs.push(performance.now() - started);
    // The newest full month, and one five years back, first page each.
    const full = timeline.months.filter((month) => month.count >= PAGE);
    const months = [full[0]?.month, full[60]?.month];
    for (const month of months) {
      if (month === undefined) throw new Error('too few months');
      started = performance.now();
      const page = (
        await phone.call('GET', `/api/v1/media/gallery?month=${month}&limit=${PAGE}`)
      ).json<MediaItemList>();
      pageMs.push(performance.now() - started);
      if (page.items.length !== PAGE) throw new Error(`${page.items.length} items in ${month}`);
    }
    started = performance.now();
    await phone.call('GET', '/api/v1/media/timeline');
    timelineMs.push(performance.now() - started);

    const plainSqlPage = (month: string) => {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      return db
        .selectFrom('media_items')
        .selectAll()
        .where('account_id', '=', account.id)
        .where('section', '=', 'gallery')
        .where('deleted_at', 'is', null)
        .where('taken_at', '>=', Date.UTC(year, monthNumber - 1, 1))
        .where('taken_at', '<', Date.UTC(year, monthNumber, 1))
        .orderBy('taken_at', 'desc')
        .orderBy('id', 'desc')
        .limit(PAGE)
        .execute();
    };
    const origin = await app.listen({ host: '127.0.0.1', port: 0 });
    const asPhone = { connections: CLIENTS, headers: { authorization: `Bearer ${phone.accessToken}` } };
    const urls = months.map((month) => `${origin}/api/v1/media/gallery?month=${month}&limit=${PAGE}`);
    for (const url of urls) await load(url, { ...asPhone, seconds: 2 }); // warm-up
    const apiRates: number[] = [];
    const sqlRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, url] of urls.entries()) {
        const answered = await load(url, { ...asPhone, seconds: LOAD_SECONDS });
        if (answered.errors + answered.non2xx > 0) throw new Error('pages failed during the benchmark');
        apiRates.push(answered.requestsPerSecond);
        started = performance.now();
        for (let read = 0; read < SQL_PAGES; read++) await plainSqlPage(months[index] ?? '');
        sqlRates.push(SQL_PAGES / ((performance.now() - started) / 1000));
      }
    }
    const api = mean(apiRates);
    const plain = mean(sqlRates);
    return {
      name: 'Gallery of 100,000 photos',
      question: `A gallery of ${ITEMS.toLocaleString('en')} photos over ${YEARS} years (SQLite): the timeline's months, and ${PAGE}-item pages of a recent and of an old month through the API in the same process; the ratio compares the server answering those pages over HTTP (${CLIENTS} clients at once in another process, autocannon, ${ROUNDS}×${LOAD_SECONDS} s per month, the logger as in production) with the same page read in plain SQL, in alternating rounds.`,
      rows: [
        ['months in the timeline', String(timeline.months.length)],
        ['timeline through the API, ms (first, second)', timelineMs.map((ms) => ms.toFixed(1)).join(', ')],
        [
          `page of ${PAGE} through the API in the same process, ms (recent, old)`,
          pageMs.map((ms) => ms.toFixed(1)).join(', '),
        ],
        ['server answering pages over HTTP, pages/s', api.toFixed(0)],
        ['plain SQL read of a page, pages/s', plain.toFixed(0)],
      ],
      ratio: { label: 'API pages over HTTP / plain SQL reads', value: api / plain },
    };
  });

export default galleryBench;
