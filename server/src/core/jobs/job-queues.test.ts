import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../time.js';
import type { Database } from '../db/database.js';
import { transact } from '../db/transact.js';
import { createTestDatabase, type TestDatabase, testDialects, testLog } from '../../test/index.js';
import { JobQueue } from './job-queue.js';
import { DEFAULT_ABANDON_AFTER_MS, JobRunner, type JobRunnerOptions } from './job-runner.js';
import { JobsRepo } from './jobs.repo.js';

describe.each(testDialects())('job queues on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let repo: JobsRepo;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await testDb.open();
    repo = new JobsRepo(database.db, database.dialect);
  });
  afterAll(async () => {
    await database.close();
    await testDb.destroy();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
    clock = new ManualClock(Date.UTC(2026, 11, 8, 12, 0));
    queue = new JobQueue(repo, clock);
  });

  let runners: JobRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.map((worker) => worker.stop(0)));
    runners = [];
  });
  const runner = (options: Partial<Omit<JobRunnerOptions, 'db' | 'repo' | 'queue' | 'clock' | 'log'>> = {}) => {
    const worker = new JobRunner({ db: database.db, repo, queue, clock, log: testLog, ...options });
    runners.push(worker);
    return worker;
  };

  const running = async () =>
    (await database.db.selectFrom('jobs').select('id').where('status', '=', 'running').execute()).length;

  /** Queues `count` heavy jobs for one account in one transaction, as a phone's burst of uploads would. */
  const enqueueBurst = (accountId: string, count: number) =>
    transact(database.db, async (trx) => {
      for (let i = 0; i < count; i++) await queue.enqueue('test.heavy', { accountId, i }, { accountId, db: trx });
    });

  it("runs another account's first heavy job among the first few, though one account has a thousand queued", async () => {
    const order: string[] = [];
    const worker = runner({ concurrency: { media: 2 } });
    worker.define<{ accountId: string }>({
      name: 'test.heavy',
      queue: 'media',
      run: (payload) => Promise.resolve(void order.push(payload.accountId)),
    });
    await enqueueBurst('account-a', 1_000);
    clock.advance(MINUTE);
    await queue.enqueue('test.heavy', { accountId: 'account-b' }, { accountId: 'account-b' });
    for (let pass = 0; pass < 3; pass++) await worker.runDue();
    expect(order).toHaveLength(6);
    // Taken in enqueue order, B's job would be the 1,001st.
    expect(order.indexOf('account-b')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('account-b')).toBeLessThan(4);
  });

  it('lets two accounts with backlogs take turns', async () => {
    const order: string[] = [];
    const worker = runner({ concurrency: { media: 2 } });
    worker.define<{ accountId: string }>({
      name: 'test.heavy',
      queue: 'media',
      run: (payload) => Promise.resolve(void order.push(payload.accountId)),
    });
    await enqueueBurst('account-a', 300);
    clock.advance(5 * MINUTE);
    await enqueueBurst('account-b', 10);
    while (order.length < 26) await worker.runDue();
    // A's first six were placed before B arrived (one step a minute); from then on they take turns,
    // each pass of two slots running one of each.
    expect(order.slice(0, 6)).toEqual(Array(6).fill('account-a'));
    for (let pass = 6; pass < 26; pass += 2) {
      expect(order.slice(pass, pass + 2).sort()).toEqual(['account-a', 'account-b']);
    }
  });

  it('places an account that has drained its backlog at now again', async () => {
    const worker = runner({ concurrency: { media: 2 } });
    worker.define({ name: 'test.heavy', queue: 'media', run: () => Promise.resolve() });
    await enqueueBurst('account-a', 5);
    while ((await worker.runDue()) > 0);
    clock.advance(MINUTE);
    const id = (await queue.enqueue('test.heavy', null, { accountId: 'account-a' })) ?? '';
    expect(await repo.get(id)).toMatchObject({ fair_at: clock.now(), account_id: 'account-a' });
  });

  it('claims each job once with several runners on one database', async () => {
    const runs = new Map<number, number>();
    const workers = [runner({ pollIntervalMs: 20 }), runner({ pollIntervalMs: 20 }), runner({ pollIntervalMs: 20 })];
    for (const worker of workers) {
      worker.define<{ i: number }>({
        name: 'test.heavy',
        queue: 'media',
        run: async ({ i }) => {
          runs.set(i, (runs.get(i) ?? 0) + 1);
          await sleep(2);
        },
      });
    }
    await transact(database.db, async (trx) => {
      for (let i = 0; i < 150; i++) {
        await queue.enqueue('test.heavy', { i }, { accountId: `account-${i % 3}`, db: trx });
      }
    });
    for (const worker of workers) worker.start();
    await waitFor(() => runs.size === 150, 30_000);
    await Promise.all(workers.map((worker) => worker.stop()));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const left = await database.db.selectFrom('jobs').select('id').where('status', '<>', 'done').execute();
    expect(left).toEqual([]);
  });

  it("frees a hung job's slot soon after its timeout, and fails the attempt for a retry", async () => {
    const ran: string[] = [];
    // The default lease: it used to hold a deaf handler's slot for two minutes after its timeout.
    const worker = runner({ concurrency: { media: 1 }, pollIntervalMs: 50 });
    worker.define({
      name: 'test.hung',
      queue: 'media',
      timeoutMs: 100,
      // Never settles and ignores its signal, like a decoder stuck in native code.
      run: () => new Promise(() => ran.push('hung')),
    });
    worker.define({ name: 'test.quick', queue: 'media', run: () => Promise.resolve(void ran.push('quick')) });
    const hung = (await queue.enqueue('test.hung', null)) ?? '';
    clock.advance(1);
    await queue.enqueue('test.quick', null);
    const startedAt = Date.now();
    worker.start();
    await waitFor(() => ran.includes('quick'), 15_000);
    expect(ran).toEqual(['hung', 'quick']);
    expect(Date.now() - startedAt).toBeLessThan(100 + DEFAULT_ABANDON_AFTER_MS + 3_000);
    const job = await repo.get(hung);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null, locked_until: null });
    expect(job?.run_at).toBeGreaterThan(clock.now());
    expect(job?.last_error).toMatch(/timeout|aborted/i);
  });

  it('keeps the messages queue moving while every media slot is taken', async () => {
    const worker = runner({ concurrency: { media: 2 }, pollIntervalMs: 50 });
    let delivered = false;
    worker.define({
      name: 'test.heavy',
      queue: 'media',
      run: (_payload, { signal }) => sleep(60_000, undefined, { signal }),
    });
    worker.define({ name: 'test.deliver', queue: 'messages', run: () => Promise.resolve(void (delivered = true)) });
    await enqueueBurst('account-a', 20);
    worker.start();
    await waitFor(async () => (await running()) === 2, 5_000);
    clock.advance(1);
    await queue.enqueue('test.deliver', null);
    await waitFor(() => delivered, 2_000);
    expect(await running()).toBe(2);
    expect(worker.queueOf('test.deliver')).toBe('messages');
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
