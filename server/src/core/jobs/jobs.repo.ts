import type { Selectable } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import type { JobsTable } from './jobs.tables.js';

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  id: string;
  name: string;
  payload: string;
  maxAttempts: number;
  runAt: number;
  uniqueKey: string | null;
  now: number;
}

/** SQL of the job tables, and nothing else: the rules live in JobQueue and JobRunner. */
export class JobsRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts the job; with a unique key already taken, inserts nothing and returns false. */
  async insert(job: NewJob, db: Db = this.db): Promise<boolean> {
    const result = await db
      .insertInto('jobs')
      .values({
        id: job.id,
        name: job.name,
        payload: job.payload,
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: job.runAt,
        unique_key: job.uniqueKey,
        created_at: job.now,
        updated_at: job.now,
      })
      .onConflict((conflict) => conflict.column('unique_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Takes up to `limit` runnable jobs for one worker: queued ones that are due, and running ones
   * whose worker stopped renewing its lease (it crashed). On PostgreSQL, SKIP LOCKED lets many
   * workers claim side by side; SQLite has a single writer, so the statement alone is atomic.
   */
  async claim(names: string[], workerId: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
    if (names.length === 0 || limit <= 0) return [];
    const runnable = this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', names)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit)
      .$if(this.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
    return this.db
      .with('runnable', () => runnable)
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: workerId,
        locked_until: now + leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', (eb) => eb.selectFrom('runnable').select('id'))
      .returningAll()
      .execute();
  }

  /** Extends a lease; false when the worker no longer holds the job. */
  async renewLease(id: string, workerId: string, lockedUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ locked_until: lockedUntil })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Marks the job done and drops its payload: a delivery job carries a rendered message with its
   * codes and links, which must not sit in the database while the finished job is kept.
   */
  async markDone(id: string, workerId: string, now: number, db: Db = this.db): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set({
        status: 'done',
        payload: 'null',
        locked_by: null,
        locked_until: null,
        last_error: null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Puts the job back in the queue for `retryAt`, or marks it failed when retryAt is null. */
  async markFailed(id: string, workerId: string, error: string, now: number, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: retryAt === null ? 'failed' : 'queued',
        run_at: retryAt ?? now,
        locked_by: null,
        locked_until: null,
        last_error: error.slice(0, 4000),
        finished_at: retryAt === null ? now : null,
        updated_at: now,
        // A job that failed for good keeps its error for the operator, but not its payload: a
        // delivery job's payload holds a code or a link, which must not outlive its use.
        ...(retryAt === null ? { payload: 'null' } : {}),
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  /**
   * Hands a job back untried, due at once, for another worker or the next start: used when this
   * worker stops. The attempt it was claimed for is not counted, as a clean shutdown is no failure.
   */
  async release(id: string, workerId: string, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'queued',
        attempts: eb('attempts', '-', 1),
        run_at: now,
        locked_by: null,
        locked_until: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .execute();
  }

  async get(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async getByUniqueKey(uniqueKey: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('unique_key', '=', uniqueKey).executeTakeFirst();
  }

  /** Removes finished jobs older than the given times; returns how many. */
  async purgeFinished(doneBefore: number, failedBefore: number): Promise<number> {
    const result = await this.db
      .deleteFrom('jobs')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'done'), eb('finished_at', '<', doneBefore)]),
          eb.and([eb('status', '=', 'failed'), eb('finished_at', '<', failedBefore)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async upsertSchedule(name: string, cron: string, nextRunAt: number, now: number): Promise<void> {
    // A changed cron expression takes effect at once; an unchanged one keeps its pending run.
    await this.db
      .insertInto('job_schedules')
      .values({ name, cron, next_run_at: nextRunAt, updated_at: now })
      .onConflict((conflict) =>
        conflict
          .column('name')
          .doUpdateSet({ cron, next_run_at: nextRunAt, updated_at: now })
          .where('job_schedules.cron', '<>', cron),
      )
      .execute();
  }

  async dueSchedules(names: string[], now: number) {
    if (names.length === 0) return [];
    return this.db
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', 'in', names)
      .where('next_run_at', '<=', now)
      .execute();
  }

  /** Moves a schedule on, if nobody else already did; true when this caller won the tick. */
  async advanceSchedule(db: Db, name: string, from: number, to: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('job_schedules')
      .set({ next_run_at: to, updated_at: now })
      .where('name', '=', name)
      .where('next_run_at', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
