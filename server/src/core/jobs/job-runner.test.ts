import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Database } from '../db/database.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/databases.js';
import { testLog } from '../../test/logger.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import { JobsRepo } from './jobs.repo.js';
import { defineSlowEffectJob, SLOW_EFFECT_JOB } from './slow-effect.fixture.js';

const MINUTE = 60_000;

describe.each(testDialects())('durable jobs on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let repo: JobsRepo;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await testDb.open();
    await sql`create table test_effects (job_id text primary key, label text not null)`.execute(database.db);
    repo = new JobsRepo(database.db, database.dialect);
  });
  afterAll(async () => {
    await database.close();
    await testDb.destroy();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
    await database.db.deleteFrom('job_schedules').execute();
    clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0));
    queue = new JobQueue(repo, clock);
  });

  const runner = (options: { leaseMs?: number } = {}) =>
    new JobRunner({ repo, queue, clock, log: testLog, ...options });

  it('runs a job once and marks it done', async () => {
    const seen: unknown[] = [];
    const worker = runner();
    worker.define<{ n: number }>({ name: 'test.record', run: (payload) => Promise.resolve(void seen.push(payload.n)) });
    const id = await queue.enqueue('test.record', { n: 7 });
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    expect(seen).toEqual([7]);
    const job = await repo.get(id ?? '');
    expect(job).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
  });

  it('does not run a job before its time', async () => {
    const worker = runner();
    let runs = 0;
    worker.define({ name: 'test.later', run: () => Promise.resolve(runs++).then(() => undefined) });
    await queue.enqueue('test.later', null, { delayMs: 5 * MINUTE });
    expect(await worker.runDue()).toBe(0);
    clock.advance(5 * MINUTE);
    expect(await worker.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('retries a failing job with growing delays, then gives up', async () => {
    const worker = runner();
    let runs = 0;
    worker.define({
      name: 'test.flaky',
      run: () => {
        runs++;
        return Promise.reject(new Error(`boom ${runs}`));
      },
      backoffMs: (attempt) => attempt * MINUTE,
    });
    const id = (await queue.enqueue('test.flaky', null, { maxAttempts: 3 })) ?? '';
    await worker.runDue();
    expect(await repo.get(id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'boom 1',
      run_at: clock.now() + MINUTE,
    });
    expect(await worker.runDue()).toBe(0);
    clock.advance(MINUTE);
    await worker.runDue();
    expect(await repo.get(id)).toMatchObject({ status: 'queued', attempts: 2, run_at: clock.now() + 2 * MINUTE });
    clock.advance(2 * MINUTE);
    await worker.runDue();
    expect(await repo.get(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
    clock.advance(60 * MINUTE);
    expect(await worker.runDue()).toBe(0);
    expect(runs).toBe(3);
  });

  it('fails a job that outlives its timeout and retries it', async () => {
    const worker = runner();
    worker.define({ name: 'test.stuck', timeoutMs: 50, run: () => new Promise(() => undefined) });
    const id = (await queue.enqueue('test.stuck', null)) ?? '';
    await worker.runDue();
    const job = await repo.get(id);
    expect(job?.status).toBe('queued');
    expect(job?.last_error).toMatch(/timeout|aborted/i);
  });

  it('keeps one job per unique key', async () => {
    const first = await queue.enqueue('test.unique', null, { uniqueKey: 'only-one' });
    const second = await queue.enqueue('test.unique', null, { uniqueKey: 'only-one' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await database.db.selectFrom('jobs').select('id').execute()).toHaveLength(1);
  });

  it('enqueues a recurring job once per tick, however many runners share the schedule', async () => {
    const runs: number[] = [];
    const workers = [runner(), runner()];
    for (const worker of workers) {
      worker.define({ name: 'test.tick', run: () => Promise.resolve(void runs.push(clock.now())) });
      await worker.schedule('test.tick', '*/5 * * * *');
    }
    await Promise.all(workers.map((worker) => worker.runDue()));
    expect(runs).toHaveLength(0);
    clock.advance(5 * MINUTE);
    await Promise.all(workers.map((worker) => worker.runDue()));
    expect(runs).toHaveLength(1);
    // Two ticks missed while down: one catch-up run, not a burst.
    clock.advance(12 * MINUTE);
    await Promise.all(workers.map((worker) => worker.runDue()));
    await Promise.all(workers.map((worker) => worker.runDue()));
    expect(runs).toHaveLength(2);
  });

  it('finishes a job exactly once in effect after its worker is killed mid-job', async () => {
    await sql`delete from test_effects`.execute(database.db);
    const realClockQueue = new JobQueue(repo, { now: () => Date.now() });
    const id = (await realClockQueue.enqueue(SLOW_EFFECT_JOB, { label: 'survivor' })) ?? '';

    const fixture = fileURLToPath(new URL('./restart-worker.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, testDb.config.url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    await waitFor(() => output.includes('started 1'), 30_000);
    expect(await repo.get(id)).toMatchObject({ status: 'running', attempts: 1 });
    child.kill('SIGKILL');
    await once(child, 'exit');

    // A new runner takes the job over once the dead worker's lease has run out.
    const attempts: number[] = [];
    const successor = new JobRunner({ repo, queue: realClockQueue, clock: { now: () => Date.now() }, log: testLog });
    defineSlowEffectJob(successor, (attempt) => attempts.push(attempt));
    await waitFor(async () => (await successor.runDue()) > 0, 10_000);

    expect(attempts).toEqual([2]);
    expect(await repo.get(id)).toMatchObject({ status: 'done', attempts: 2 });
    const effects = await sql<{ job_id: string; label: string }>`select job_id, label from test_effects`.execute(
      database.db,
    );
    expect(effects.rows).toEqual([{ job_id: id, label: 'survivor' }]);
    expect(await successor.runDue()).toBe(0);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
