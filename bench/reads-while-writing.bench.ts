import { owner, TestDevice, vcard } from '../server/src/test/index.js';
import { mean, withProductionApp, type Bench } from './bench.js';
import { load } from './load.js';

const ROUNDS = 2;
const SECONDS = 8;

/**
 * Whether commits stall everyone else: requests per second of an authenticated GET of one record
 * (autocannon, 50 connections) while the same process commits small writes one after another, vs
 * with no writes, alternating. On SQLite each commit is synced to disk before it is acknowledged;
 * the ratio shows how much of that wait the other requests feel.
 */
const readsWhileWritingBench: Bench = async () =>
  withProductionApp({ NIMBUS_CAPTCHA: 'off' }, async (nimbus) => {
    const email = 'bench.mixed@example.org';
    await owner(nimbus, email, '10.60.0.1');
    const phone = await new TestDevice(nimbus, '10.60.0.2').connect(email, 'Phone');
    await phone.push('contacts', [
      { id: 'bench-record', op: 'upsert', baseVersion: null, data: { vcard: vcard('bench-0001', 'Ada Example') } },
    ]);
    const url = `${await nimbus.listen({ host: '127.0.0.1', port: 0 })}/api/v1/records/contacts/bench-record`;
    const asPhone = { seconds: SECONDS, headers: { authorization: `Bearer ${phone.accessToken}` } };
    const { db } = nimbus.nimbus.database;

    const quiet: number[] = [];
    const busy: number[] = [];
    const commitRates: number[] = [];
    await load(url, { ...asPhone, seconds: 2 }); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      quiet.push((await load(url, asPhone)).requestsPerSecond);
      const writing = { on: true };
      let commits = 0;
      const writer = (async () => {
        while (writing.on) {
          await db.updateTable('sync_state').set({ modseq: commits }).execute();
          commits++;
          // Let the loop turn between commits, as requests do.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const started = performance.now();
      busy.push((await load(url, asPhone)).requestsPerSecond);
      writing.on = false;
      await writer;
      commitRates.push(commits / ((performance.now() - started) / 1000));
    }
    return {
      name: 'Reads while writing',
      question: `Requests per second of an authenticated GET /api/v1/records/contacts/:id (SQLite, autocannon, 50 connections, ${ROUNDS}×${SECONDS} s each, alternating) while the same server commits one small write after another, vs with no writes.`,
      rows: [
        ['GET with no writes, requests/s', mean(quiet).toFixed(0)],
        ['GET while writing, requests/s', mean(busy).toFixed(0)],
        ['commits/s meanwhile, each durable before it is acknowledged', mean(commitRates).toFixed(0)],
      ],
      ratio: { label: 'GET while writing / GET with no writes', value: mean(busy) / mean(quiet) },
    };
  });

export default readsWhileWritingBench;
