import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time.js';
import type { Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase, testDialects, testLog } from '../../test/index.js';
import { JobQueue } from './job-queue.js';
import { JobRunner, type JobContext, type JobRunnerOptions } from './job-runner.js';
import { JobsRepo } from './jobs.repo.js';
import { defineSlowEffectJob, SLOW_EFFECT_JOB } from './slow-effect.fixture.js';
import { MINUTE } from '../time.js';

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

  // Every runner a test makes is stopped after it, so a failing test leaves none polling.
  let runners: JobRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.map((worker) => worker.stop(0)));
    runners = [];
  });
  const runner = (options: Pick<JobRunnerOptions, 'leaseMs' | 'concurrency' | 'pollIntervalMs'> = {}) => {
    const worker = new JobRunner({ db: database.db, repo, queue, clock, log: testLog, ...options });
    runners.push(worker);
    return worker;
  };
  const jobsById = async () =>
    new Map((await database.db.selectFrom('jobs').selectAll().execute()).map((job) => [job.id, job]));

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
    const id = (await queue.enqueue('test.flaky', { code: '123456' }, { maxAttempts: 3 })) ?? '';
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
    expect(await repo.get(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3', payload: 'null' });
    clock.advance(60 * MINUTE);
    expect(await worker.runDue()).toBe(0);
    expect(runs).toBe(3);
  });

  it('fails a job that outlives its timeout and retries it', async () => {
    const worker = runner();
    worker.define({ name: 'test.stuck', timeoutMs: 50, run: (_payload, context) => untilAborted(context) });
    const id = (await queue.enqueue('test.stuck', null)) ?? '';
    await worker.runDue();
    const job = await repo.get(id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null });
    expect(job?.run_at).toBeGreaterThan(clock.now());
    expect(job?.last_error).toMatch(/timeout|aborted/i);
  });

  it('keeps the lease of a timed-out job until its handler settles, and still fails it', async () => {
    const worker = runner({ leaseMs: 300 });
    let aborted = false;
    let finish: () => void = () => undefined;
    worker.define({
      name: 'test.deaf',
      timeoutMs: 20,
      // Ignores its signal: its work goes on after the timeout, so nobody else may run the job yet.
      run: (_payload, context) =>
        new Promise((resolve) => {
          finish = resolve;
          context.signal.addEventListener('abort', () => (aborted = true));
        }),
    });
    const id = (await queue.enqueue('test.deaf', null)) ?? '';
    const pass = worker.runDue();
    await waitFor(() => aborted, 5_000);
    await sleep(150);
    expect(await repo.get(id)).toMatchObject({ status: 'running', locked_by: worker.workerId });
    // Resolving after the abort does not make the attempt a success: it may have returned early.
    finish();
    await pass;
    const job = await repo.get(id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null });
    expect(job?.run_at).toBeGreaterThan(clock.now());
    expect(job?.last_error).toMatch(/timeout|aborted/i);
  });

  it('fails a job whose handler ignores its signal once twice the lease has passed', async () => {
    const worker = runner({ leaseMs: 100 });
    worker.define({ name: 'test.hung', timeoutMs: 20, run: () => new Promise(() => undefined) });
    const id = (await queue.enqueue('test.hung', null)) ?? '';
    const startedAt = Date.now();
    await worker.runDue();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    const job = await repo.get(id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null });
    expect(job?.last_error).toMatch(/timeout|aborted/i);
  });

  it('aborts a worker whose lease was taken over, and rolls its effect back', async () => {
    await sql`delete from test_effects`.execute(database.db);
    const worker = runner({ leaseMs: 150 }); // renewed every 50 ms
    let started = false;
    let abortedBeforeCompleting: boolean | undefined;
    worker.define({
      name: 'test.stale',
      async run(_payload, context) {
        started = true;
        await untilAborted(context, 2_000).catch(() => undefined);
        abortedBeforeCompleting = context.signal.aborted;
        await context.completeWith(async (db) => {
          await sql`insert into test_effects (job_id, label) values (${context.jobId}, 'stale')`.execute(db);
        });
      },
    });
    const id = (await queue.enqueue('test.stale', null)) ?? '';
    const pass = worker.runDue();
    await waitFor(() => started, 5_000);
    // Another node took the job over, as it would after this worker's lease ran out.
    await database.db.updateTable('jobs').set({ locked_by: 'another-node' }).where('id', '=', id).execute();
    await pass;
    expect(abortedBeforeCompleting).toBe(true);
    const effects = await sql`select job_id from test_effects`.execute(database.db);
    expect(effects.rows).toEqual([]);
    expect(await repo.get(id)).toMatchObject({ status: 'running', locked_by: 'another-node', attempts: 1 });
  });

  it('keeps no payload once a job is done', async () => {
    const worker = runner({ concurrency: { maintenance: 2 } });
    worker.define({ name: 'test.plain', run: () => Promise.resolve() });
    worker.define({ name: 'test.effect', run: (_payload, context) => context.completeWith(() => Promise.resolve()) });
    const plain = (await queue.enqueue('test.plain', { code: '123456' })) ?? '';
    const effect = (await queue.enqueue('test.effect', { code: '654321' })) ?? '';
    expect(await worker.runDue()).toBe(2);
    expect(await repo.get(plain)).toMatchObject({ status: 'done', payload: 'null' });
    expect(await repo.get(effect)).toMatchObject({ status: 'done', payload: 'null' });
  });

  it('starts no job after stop(), though running ones finish in the grace period', async () => {
    const worker = runner({ concurrency: { maintenance: 1 }, pollIntervalMs: 10 });
    const started: string[] = [];
    worker.define({
      name: 'test.short',
      async run(_payload, context) {
        started.push(context.jobId);
        await sleep(50, undefined, { signal: context.signal });
      },
    });
    for (let i = 0; i < 5; i++) await queue.enqueue('test.short', null);
    worker.start();
    await waitFor(() => started.length === 1, 5_000);
    await worker.stop();
    await sleep(200);
    expect(started).toHaveLength(1);
    const jobs = await jobsById();
    expect(jobs.get(started[0] ?? '')).toMatchObject({ status: 'done' });
    const rest = [...jobs.values()].filter((job) => job.id !== started[0]);
    expect(rest.map((job) => [job.status, job.attempts])).toEqual(Array(4).fill(['queued', 0]));
  });

  it('hands the job stop() interrupts back to the queue, its attempt not counted', async () => {
    const worker = runner({ concurrency: { maintenance: 1 }, pollIntervalMs: 10 });
    const started: string[] = [];
    worker.define({
      name: 'test.until-stopped',
      async run(_payload, context) {
        started.push(context.jobId);
        // Honours its signal by returning early, which must not pass for a finished job.
        if (started.length > 1) await untilAborted(context).catch(() => undefined);
      },
    });
    for (let i = 0; i < 5; i++) await queue.enqueue('test.until-stopped', null);
    worker.start();
    await waitFor(() => started.length === 2, 5_000);
    clock.advance(MINUTE);
    await worker.stop(50);
    await sleep(200);
    expect(started).toHaveLength(2);
    const jobs = await jobsById();
    expect(jobs.get(started[0] ?? '')).toMatchObject({ status: 'done', attempts: 1 });
    // Queued at once for the next start or another node, as if this worker had never taken it.
    expect(jobs.get(started[1] ?? '')).toMatchObject({
      status: 'queued',
      attempts: 0,
      run_at: clock.now(),
      locked_by: null,
      locked_until: null,
    });
    const untouched = [...jobs.values()].filter((job) => !started.includes(job.id));
    expect(untouched.map((job) => [job.status, job.attempts])).toEqual(Array(3).fill(['queued', 0]));
  });

  it('starts nothing it claimed in a poll that stop() caught in flight', async () => {
    const worker = runner({ concurrency: { maintenance: 1 } });
    let runs = 0;
    worker.define({ name: 'test.never', run: (_payload, context) => untilAborted(context).finally(() => runs++) });
    const id = (await queue.enqueue('test.never', null)) ?? '';
    worker.start();
    await worker.stop(50);
    expect(runs).toBe(0);
    expect(await repo.get(id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
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
    const successor = new JobRunner({
      db: database.db,
      repo,
      queue: realClockQueue,
      clock: { now: () => Date.now() },
      log: testLog,
    });
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

/** Settles when the job's signal aborts (rejecting with its reason), or after `timeoutMs`. */
function untilAborted(context: JobContext, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, timeoutMs);
    context.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(context.signal.reason as Error);
      },
      { once: true },
    );
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
