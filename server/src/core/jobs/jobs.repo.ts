import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import type { JobStatus, JobsTable } from './jobs.tables.js';

/** A claimed job's new state: running under this worker's lease, one attempt more. */
function leased(eb: ExpressionBuilder<{ jobs: JobsTable }, 'jobs'>, workerId: string, now: number, leaseMs: number) {
  return {
    status: 'running' as const,
    locked_by: workerId,
    locked_until: now + leaseMs,
    attempts: eb('attempts', '+', 1),
    updated_at: now,
  };
}

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  id: string;
  name: string;
  payload: string;
  maxAttempts: number;
  runAt: number;
  /** Its place in its queue's fair order (JobQueue). */
  fairAt: number;
  accountId: string | null;
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
        fair_at: job.fairAt,
        account_id: job.accountId,
        unique_key: job.uniqueKey,
        created_at: job.now,
        updated_at: job.now,
      })
      .onConflict((conflict) => conflict.column('unique_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * The place of the last job of `name` that `accountId` has queued or running, if any: where its
   * next one goes after. Done jobs do not count, so an account whose backlog has drained starts
   * afresh at now.
   */
  async fairTail(name: string, accountId: string, db: Db = this.db): Promise<number | null> {
    const row = await db
      .selectFrom('jobs')
      .select('fair_at')
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      // Literals, not parameters: they are what lets SQLite use the partial index jobs_fair_tail.
      .where('status', 'in', [sql.lit<JobStatus>('queued'), sql.lit<JobStatus>('running')])
      .orderBy('fair_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.fair_at ?? null;
  }

  /**
   * Takes up to `limit` runnable jobs of the given kinds for one worker: first running ones whose
   * worker stopped renewing its lease (it crashed), then queued ones that are due, in their fair
   * order. On PostgreSQL, SKIP LOCKED lets many workers claim side by side; SQLite has a single
   * writer, so each statement alone is atomic.
   */
  async claim(names: string[], workerId: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
    if (names.length === 0 || limit <= 0) return [];
    // Crashed workers' jobs are few; read first, so that a claim that finds none writes nothing.
    // The update checks again: of two workers after the same job, the second finds its lease renewed.
    const lost = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'running')
      .where('locked_until', '<', now)
      .where('name', 'in', names)
      .limit(limit)
      .execute();
    const recovered =
      lost.length === 0
        ? []
        : await this.db
            .updateTable('jobs')
            .set((eb) => leased(eb, workerId, now, leaseMs))
            .where(
              'id',
              'in',
              lost.map((job) => job.id),
            )
            .where('status', '=', 'running')
            .where('locked_until', '<', now)
            .returningAll()
            .execute();
    if (recovered.length >= limit) return recovered;
    // A separate statement from the recovery above, so that this one walks the index
    // (name, status, fair_at) in order and stops after `limit` rows, however long the backlog.
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', names)
      .where('status', '=', 'queued')
      .where('run_at', '<=', now)
      .orderBy('fair_at')
      .orderBy('run_at')
      .limit(limit - recovered.length)
      .$if(this.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
    const claimed = await this.db
      .with('due', () => due)
      .updateTable('jobs')
      .set((eb) => leased(eb, workerId, now, leaseMs))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('id'))
      .returningAll()
      .execute();
    return [...recovered, ...claimed];
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
