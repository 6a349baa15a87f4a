import type { PushItem } from '@nimbus/protocol';
import { owner, TestDevice } from '../server/src/test/index.js';
import { mean, withProductionApp, type Bench } from './bench.js';
import { load } from './load.js';

const CONTACTS = 10_000;
const PUSH_BATCH = 500;
const PAGE = 1000;
const ROUNDS = 3;
/** Devices pulling at once over HTTP, each from its own process-side connection. */
const PULLERS = 4;
const LOAD_SECONDS = 8;

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
 * and how fast the server answers the change feed over HTTP against a plain SQL read of the same
 * rows in the same run.
 */
const syncBench: Bench = async () => {
  return withProductionApp({ NIMBUS_CAPTCHA: 'off' }, async (app) => {
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

    // The server's side of a pull, as phones see it: pages of 1,000 from the start, asked over HTTP
    // by devices in another process (so their JSON parsing is not charged to the server), against
    // the same rows read page by page in plain SQL in this process.
    const { db } = app.nimbus.database;
    const account = await db.selectFrom('records').select('account_id').limit(1).executeTakeFirstOrThrow();
    const plainSqlRate = async () => {
      started = performance.now();
      let rows = 0;
      for (let pass = 0; pass < 5; pass++) {
        let since = 0;
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
      }
      return rows / seconds(started);
    };
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/sync/contacts?since=0&limit=${PAGE}`;
    const pull = { connections: PULLERS, headers: { authorization: `Bearer ${tablet.accessToken}` } };
    await load(url, { ...pull, seconds: 2 }); // warm-up
    const apiRates: number[] = [];
    const sqlRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const answered = await load(url, { ...pull, seconds: LOAD_SECONDS });
      if (answered.errors + answered.non2xx > 0) throw new Error('pulls failed during the benchmark');
      apiRates.push(answered.requestsPerSecond * PAGE);
      sqlRates.push(await plainSqlRate());
    }
    const apiRate = mean(apiRates);
    const sqlRate = mean(sqlRates);
    return {
      name: 'Sync of 10,000 contacts',
      question: `A phone pushes ${CONTACTS} vCards (${PUSH_BATCH} per push) and a second device pulls them (${PAGE} per page) through the API on SQLite, in one process with the server; then a sync with no change. The ratio compares the server answering pages of ${PAGE} over HTTP (${PULLERS} devices pulling at once from another process, autocannon, ${ROUNDS}×${LOAD_SECONDS} s, the logger as in production) with reading the same rows page by page in plain SQL, in alternating rounds.`,
      rows: [
        ['initial push of 10,000 contacts (s)', initialPush.toFixed(2)],
        ['initial pull of 10,000 contacts, the client in the same process (s)', initialPull.toFixed(2)],
        ['no-change pull (ms)', (emptyPull * 1000).toFixed(1)],
        ['the same 10,000 pushed again, nothing changes (s)', repeatPush.toFixed(2)],
        ['server answering pulls over HTTP, records/s', apiRate.toFixed(0)],
        ['plain SQL read, records/s', sqlRate.toFixed(0)],
      ],
      ratio: { label: 'API pull over HTTP / plain SQL read', value: apiRate / sqlRate },
    };
  });
};

export default syncBench;
