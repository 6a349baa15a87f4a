import type { MediaItemList, Timeline } from '@nimbus/protocol';
import { owner, seedGallery, TestDevice } from '../server/src/test/index.js';
import { mean, withBenchApp, type Bench } from './bench.js';

const ITEMS = 100_000;
const PAGE = 200;
const ROUNDS = 5;
const YEARS = 8;

/**
 * A gallery of 100,000 photos over eight years: the portal's first screen (the timeline's months, then
 * the newest month's first page) and a month deep in the past, through the API, vs the same rows read
 * in plain SQL in the same run.
 */
const galleryBench: Bench = async () =>
  withBenchApp(async (app) => {
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
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    let months = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      const timeline = (await phone.call('GET', '/api/v1/media/timeline')).json<Timeline>();
      timelineMs.push(performance.now() - started);
      months = timeline.months.length;
      // The newest month, and one five years back, first page each.
      for (const month of [timeline.months[0]?.month, timeline.months[60]?.month]) {
        if (month === undefined) throw new Error('too few months');
        started = performance.now();
        const page = (
          await phone.call('GET', `/api/v1/media/gallery?month=${month}&limit=${PAGE}`)
        ).json<MediaItemList>();
        apiMs.push(performance.now() - started);
        if (page.items.length === 0) throw new Error(`no items in ${month}`);
        const [year, monthNumber] = month.split('-').map(Number) as [number, number];
        started = performance.now();
        await db
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
        sqlMs.push(performance.now() - started);
      }
    }
    const api = mean(apiMs);
    const plain = mean(sqlMs);
    return {
      name: 'Gallery of 100,000 photos',
      question: `A gallery of ${ITEMS.toLocaleString('en')} photos over ${YEARS} years (SQLite): the timeline's months, and a ${PAGE}-item page of a recent and of an old month through the API vs the same page read in plain SQL, ${ROUNDS} rounds.`,
      rows: [
        ['months in the timeline', String(months)],
        ['timeline through the API, ms', mean(timelineMs).toFixed(1)],
        [`page of ${PAGE} through the API, ms`, api.toFixed(1)],
        [`page of ${PAGE} in plain SQL, ms`, plain.toFixed(1)],
      ],
      ratio: { label: 'plain SQL time / API time for a page', value: plain / api },
    };
  });

export default galleryBench;
