import { CronExpressionParser } from 'cron-parser';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { newId } from '../ids.js';
import type { JobQueue } from './job-queue.js';
import type { JobRow, JobsRepo } from './jobs.repo.js';

export interface JobContext {
  readonly jobId: string;
  /** 1 on the first try. */
  readonly attempt: number;
  /** Aborted when the job times out or the runner stops. */
  readonly signal: AbortSignal;
  readonly log: FastifyBaseLogger;
  /**
   * Runs `work` and marks the job done in one transaction: a job whose effect is a database
   * change takes effect exactly once, however often its worker dies and it is retried.
   */
  completeWith(work: (db: Db) => Promise<void>): Promise<void>;
}

export interface JobDefinition<Payload = unknown> {
  name: string;
  run(payload: Payload, context: JobContext): Promise<void>;
  timeoutMs?: number;
  /** Delay before retry number `attempt` (1-based); default exponential from 5 s up to 1 h, with jitter. */
  backoffMs?: (attempt: number) => number;
}

export interface JobRunnerOptions {
  repo: JobsRepo;
  queue: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  concurrency?: number;
  pollIntervalMs?: number;
  /** How long a claimed job stays with its worker without a renewal; a crashed worker's jobs return after it. */
  leaseMs?: number;
}

export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

class JobLostError extends Error {}

/**
 * Runs durable jobs: at least once, retried with backoff, recovered after a crash once the
 * crashed worker's lease runs out, and recurring jobs from cron schedules. Several runners may
 * share one database; each job runs on one of them at a time.
 */
export class JobRunner {
  readonly workerId = newId();
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly schedules = new Map<string, string>();
  private readonly running = new Set<Promise<void>>();
  private readonly stopController = new AbortController();
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private wakeRequested = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  define<Payload>(definition: JobDefinition<Payload>): void {
    if (this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is defined twice`);
    this.definitions.set(definition.name, definition);
  }

  /** Runs job `name` (with a null payload) on a cron schedule, in UTC. Survives restarts; never runs twice for one tick. */
  async schedule(name: string, cron: string): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`schedule for undefined job ${name}`);
    const now = this.options.clock.now();
    await this.options.repo.upsertSchedule(name, cron, nextCronTime(cron, now), now);
    this.schedules.set(name, cron);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.unsubscribe = this.options.queue.onEnqueued((name) => {
      if (this.definitions.has(name)) this.wake();
    });
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops claiming, aborts running jobs after `graceMs`, and waits for them to settle. */
  async stop(graceMs = 10_000): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.polling;
    const abortLater = setTimeout(() => this.stopController.abort(), graceMs);
    await Promise.allSettled([...this.running]);
    clearTimeout(abortLater);
  }

  /** One pass: enqueue due scheduled jobs, then claim and run what is due. Resolves when those jobs settle. */
  async runDue(): Promise<number> {
    await this.enqueueDueSchedules();
    const claimed = await this.claim(this.concurrency);
    await Promise.allSettled(claimed.map((job) => this.track(job)));
    return claimed.length;
  }

  private wake(): void {
    if (this.stopController.signal.aborted) return;
    if (this.polling !== undefined) {
      this.wakeRequested = true;
      return;
    }
    this.polling = this.poll()
      .catch((error: unknown) => this.options.log.error({ err: error }, 'job poll failed'))
      .finally(() => {
        this.polling = undefined;
        if (this.wakeRequested) {
          this.wakeRequested = false;
          this.wake();
        }
      });
  }

  private async poll(): Promise<void> {
    await this.enqueueDueSchedules();
    const claimed = await this.claim(this.concurrency - this.running.size);
    for (const job of claimed) {
      void this.track(job).finally(() => this.wake());
    }
  }

  private claim(limit: number): Promise<JobRow[]> {
    const now = this.options.clock.now();
    return this.options.repo.claim([...this.definitions.keys()], this.workerId, now, this.leaseMs, limit);
  }

  private track(job: JobRow): Promise<void> {
    const execution = this.execute(job);
    this.running.add(execution);
    return execution.finally(() => this.running.delete(execution));
  }

  private async enqueueDueSchedules(): Promise<void> {
    const { repo, clock, queue } = this.options;
    const now = clock.now();
    for (const schedule of await repo.dueSchedules([...this.schedules.keys()], now)) {
      const next = nextCronTime(schedule.cron, now);
      // Advancing the schedule and enqueuing its job commit together: a crash between them can
      // neither lose the tick nor, with the unique key, run it twice.
      await repo.transaction(async (db) => {
        if (!(await repo.advanceSchedule(db, schedule.name, schedule.next_run_at, next, now))) return;
        await queue.enqueue(schedule.name, null, {
          uniqueKey: `schedule:${schedule.name}:${schedule.next_run_at}`,
          db,
        });
      });
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const { repo, clock } = this.options;
    const definition = this.definitions.get(job.name);
    const log = this.options.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    if (definition === undefined) return;
    if (job.attempts > job.max_attempts) {
      await repo.markFailed(job.id, this.workerId, 'its worker was lost on every attempt', clock.now(), null);
      log.error('job failed: worker lost on every attempt');
      return;
    }
    const timeout = AbortSignal.timeout(definition.timeoutMs ?? 5 * 60_000);
    const signal = AbortSignal.any([timeout, this.stopController.signal]);
    const heartbeat = setInterval(
      () => {
        void repo.renewLease(job.id, this.workerId, clock.now() + this.leaseMs).catch(() => undefined);
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    // Set by completeWith, inside a closure the type checker does not follow.
    const outcome = { completed: false };
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      signal,
      log,
      completeWith: async (work) => {
        await repo.transaction(async (db) => {
          await work(db);
          if (!(await repo.markDone(job.id, this.workerId, clock.now(), db))) throw new JobLostError();
        });
        outcome.completed = true;
      },
    };
    try {
      await raceAbort(definition.run(JSON.parse(job.payload) as never, context), signal);
      if (!outcome.completed && !(await repo.markDone(job.id, this.workerId, clock.now()))) {
        log.warn('job finished after its lease was taken over; the other worker owns it now');
      }
      log.debug('job done');
    } catch (error) {
      if (error instanceof JobLostError) {
        log.warn('job lease lost before it could complete; its effect was rolled back');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.max_attempts;
      const retryAt = retry ? clock.now() + (definition.backoffMs ?? defaultBackoffMs)(job.attempts) : null;
      await repo.markFailed(job.id, this.workerId, message, clock.now(), retryAt);
      if (retry) log.warn({ err: error, retryAt }, 'job failed; will retry');
      else log.error({ err: error }, 'job failed for good');
    } finally {
      clearInterval(heartbeat);
    }
  }
}

function nextCronTime(cron: string, after: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: 'UTC' })
    .next()
    .getTime();
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
