import type { PushItem } from '@nimbus/protocol';
import { owner, TestDevice } from '../server/src/test/index.js';
import { mean, withBenchApp, type Bench } from './bench.js';

const CONTACTS = 10_000;
const PUSH_BATCH = 500;
const PAGE = 1000;
const ROUNDS = 3;

/** A contact as phones write them: names, two numbers, an e-mail, an address and a note. */
function contact(index: number): string {
  const id = String(index).padStart(5, '0');
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:bench-${id}`,
    `FN:Contact ${id} Example`,
    `N:Example;Contact ${id};;;`,
    `TEL;TYPE=CELL:+49 151 ${id.slice(0, 3)} ${id.slice(3)}0`,
    `TEL;TYPE=WORK:+49 30 ${id}1`,
    `EMAIL;TYPE=INTERNET:contact${id}@example.org`,
    `ADR;TYPE=HOME:;;Hauptstraße ${index % 200};Berlin;;10115;Germany`,
    `NOTE:Met at the conference in ${2000 + (index % 25)}`,
    'X-MIUI-RINGTONE:content://media/internal/audio/1',
    'END:VCARD',
    '',
  ].join('\r\n');
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * A phone's first sync of 10,000 contacts, then a sync with nothing new, through the whole API;
 * and the change feed's pull throughput against a plain SQL read of the same rows in the same run.
 */
const syncBench: Bench = async () => {
  return withBenchApp(async (app) => {
    const email = 'bench.sync@example.org';
    await owner(app, email, '10.30.0.1');
    const phone = await new TestDevice(app, '10.30.0.2').connect(email, 'Phone');
    const tablet = await new TestDevice(app, '10.30.0.3').connect(email, 'Tablet');

    const batches: PushItem[][] = [];
    for (let start = 0; start < CONTACTS; start += PUSH_BATCH) {
      batches.push(
        Array.from({ length: Math.min(PUSH_BATCH, CONTACTS - start) }, (_, offset) => ({
          id: `bench-${start + offset}`,
          op: 'upsert' as const,
          baseVersion: null,
          data: { vcard: contact(start + offset) },
        })),
      );
    }
    let started = performance.now();
    for (const batch of batches) await phone.push('contacts', batch);
    const initialPush = seconds(started);

    started = performance.now();
    const pulled = await tablet.pullAll('contacts', PAGE);
    const initialPull = seconds(started);
    if (pulled.length !== CONTACTS) throw new Error(`pulled ${pulled.length} of ${CONTACTS}`);

    // Nothing changed: the phone (caught up with its own contacts) asks for news, then sends the same
    // batches again as after a lost answer.
    if ((await phone.pullAll('contacts', PAGE)).length !== CONTACTS) throw new Error('phone pull');
    const noChangePull = performance.now();
    if ((await phone.pullAll('contacts', PAGE)).length !== 0) throw new Error('changes appeared');
    const emptyPull = (performance.now() - noChangePull) / 1000;
    started = performance.now();
    for (const batch of batches) await phone.push('contacts', batch);
    const repeatPush = seconds(started);

    // Pull throughput from the start vs the same rows, page by page, in plain SQL.
    const { db } = app.nimbus.database;
    const account = await db.selectFrom('records').select('account_id').limit(1).executeTakeFirstOrThrow();
    const apiRates: number[] = [];
    const sqlRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      tablet.cursors.delete('contacts');
      started = performance.now();
      const all = await tablet.pullAll('contacts', PAGE);
      apiRates.push(all.length / seconds(started));

      started = performance.now();
      let since = 0;
      let rows = 0;
      for (;;) {
        const page = await db
          .selectFrom('records')
          .selectAll()
          .where('account_id', '=', account.account_id)
          .where('category', '=', 'contacts')
          .where('version', '>', since)
          .orderBy('version')
          .limit(PAGE)
          .execute();
        rows += page.length;
        const last = page.at(-1);
        if (last === undefined) break;
        since = last.version;
      }
      sqlRates.push(rows / seconds(started));
    }
    const apiRate = mean(apiRates);
    const sqlRate = mean(sqlRates);
    return {
      name: 'Sync of 10,000 contacts',
      question: `A phone pushes ${CONTACTS} vCards (${PUSH_BATCH} per push) and a second device pulls them (${PAGE} per page) through the API on SQLite; then a sync with no change. The ratio compares pulling from the start through the API with reading the same rows page by page in plain SQL (${ROUNDS} alternating rounds).`,
      rows: [
        ['initial push of 10,000 contacts (s)', initialPush.toFixed(2)],
        ['initial pull of 10,000 contacts (s)', initialPull.toFixed(2)],
        ['no-change pull (ms)', (emptyPull * 1000).toFixed(1)],
        ['the same 10,000 pushed again, nothing changes (s)', repeatPush.toFixed(2)],
        ['API pull, records/s', apiRate.toFixed(0)],
        ['plain SQL read, records/s', sqlRate.toFixed(0)],
      ],
      ratio: { label: 'API pull / plain SQL read', value: apiRate / sqlRate },
    };
  });
};

export default syncBench;
