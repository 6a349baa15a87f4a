import { CronExpressionParser } from 'cron-parser';
import type { FastifyBaseLogger } from 'fastify';
import { HOUR, MINUTE, SECOND, type Clock } from '../time.js';
import type { Db } from '../db/database.js';
import { transact } from '../db/transact.js';
import { newId } from '../ids.js';
import type { JobQueue } from './job-queue.js';
import { DEFAULT_QUEUE, DEFAULT_QUEUE_SLOTS, QUEUE_NAMES, type QueueName, type QueueSlots } from './job-queues.js';
import type { JobRow, JobsRepo } from './jobs.repo.js';

export interface JobContext {
  readonly jobId: string;
  /** 1 on the first try. */
  readonly attempt: number;
  /**
   * Aborted when the job times out, the runner stops, or another worker has taken the job over.
   * Handlers must honour it: stop and settle soon after. Once it aborts, the attempt is not done
   * however the handler settles, unless completeWith committed. The job keeps its lease and its
   * slot until the handler settles, so that no other worker runs it meanwhile, but for at most
   * `abandonAfterMs` (and twice the lease) after the abort: then the attempt is abandoned and
   * failed like one that threw, its slot goes to the next job, and a handler that ignored its
   * signal may run alongside the job's next attempt (its completeWith can no longer commit).
   */
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
  /** Whose slots it runs in; maintenance by default. */
  queue?: QueueName;
  run(payload: Payload, context: JobContext): Promise<void>;
  /** How long an attempt may run before its signal aborts; 5 minutes by default. */
  timeoutMs?: number;
  /** Delay before retry number `attempt` (1-based); default exponential from 5 s up to 1 h, with jitter. */
  backoffMs?: (attempt: number) => number;
}

export interface JobRunnerOptions {
  /** The database `repo` works on: a job's completion and its effect commit together in it. */
  db: Db;
  repo: JobsRepo;
  queue: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Jobs running at once per queue; DEFAULT_QUEUE_SLOTS for those not given. */
  concurrency?: Partial<QueueSlots>;
  pollIntervalMs?: number;
  /** How long a claimed job stays with its worker without a renewal; a crashed worker's jobs return after it. */
  leaseMs?: number;
  /** How long a handler has to settle once its signal aborted before the attempt is abandoned. */
  abandonAfterMs?: number;
}

export const DEFAULT_JOB_TIMEOUT_MS = 5 * MINUTE;
/** Enough to kill a child process and clean up; a handler still busy after it is deaf to its signal. */
export const DEFAULT_ABANDON_AFTER_MS = 5 * SECOND;

export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(5 * SECOND * 2 ** (attempt - 1), HOUR);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** This worker no longer holds the job's lease: another worker has taken the job over. */
class JobLostError extends Error {
  constructor() {
    super('the job was taken over by another worker');
  }
}

/** Why a job's signal aborts when the runner stops; such a job is released, not failed. */
class RunnerStoppedError extends Error {
  constructor() {
    super('the job runner stopped');
  }
}

/**
 * Runs durable jobs: at least once, retried with backoff, recovered after a crash once the
 * crashed worker's lease runs out, and recurring jobs from cron schedules. Several runners may
 * share one database; each job runs on one of them at a time. Each queue has slots of its own and
 * is claimed on its own, in its fair order (JobQueue), so a full queue delays nothing in another.
 */
export class JobRunner {
  readonly workerId = newId();
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly schedules = new Map<string, string>();
  private readonly running = new Set<Promise<void>>();
  /** Slots taken per queue by the jobs running here. */
  private readonly busy: Record<QueueName, number> = { messages: 0, media: 0, maintenance: 0 };
  /** Queues to claim from at the next poll. */
  private wanted = new Set<QueueName>();
  /** Polls and runDue passes under way: they may still claim jobs, so stop() waits for them too. */
  private readonly passes = new Set<Promise<unknown>>();
  private readonly stopController = new AbortController();
  private stopping = false;
  private readonly concurrency: QueueSlots;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly abandonAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.concurrency = { ...DEFAULT_QUEUE_SLOTS, ...options.concurrency };
    this.pollIntervalMs = options.pollIntervalMs ?? SECOND;
    this.leaseMs = options.leaseMs ?? MINUTE;
    this.abandonAfterMs = options.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS;
  }

  /** The queue a defined job kind runs in. */
  queueOf(name: string): QueueName | undefined {
    const definition = this.definitions.get(name);
    return definition === undefined ? undefined : (definition.queue ?? DEFAULT_QUEUE);
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

  /** Starts polling. A stopped runner stays stopped. */
  start(): void {
    if (this.timer !== undefined || this.stopping) return;
    this.unsubscribe = this.options.queue.onEnqueued((name) => {
      const queue = this.queueOf(name);
      if (queue !== undefined) this.wake([queue]);
    });
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Stops claiming, aborts running jobs after `graceMs` and releases them to the queue, and
   * resolves once nothing runs here any more: the caller may close the database then.
   */
  async stop(graceMs = 10 * SECOND): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    const abortLater = setTimeout(() => this.stopController.abort(new RunnerStoppedError()), graceMs);
    // Loop, as a poll in flight may still have claimed jobs when the first wait began.
    while (this.passes.size + this.running.size > 0) {
      await Promise.allSettled([...this.passes, ...this.running]);
    }
    clearTimeout(abortLater);
  }

  /** One pass: enqueue due scheduled jobs, then claim and run what is due. Resolves when those jobs settle. */
  runDue(): Promise<number> {
    return this.pass(async () => {
      await this.enqueueDueSchedules();
      const claimed: JobRow[] = [];
      for (const queue of QUEUE_NAMES) claimed.push(...(await this.claim(queue, this.concurrency[queue])));
      await Promise.allSettled(claimed.map((job) => this.track(job, this.queueOf(job.name) ?? DEFAULT_QUEUE)));
      return claimed.length;
    });
  }

  private pass<T>(work: () => Promise<T>): Promise<T> {
    const pass = work();
    this.passes.add(pass);
    const forget = () => this.passes.delete(pass);
    pass.then(forget, forget);
    return pass;
  }

  private wake(queues: readonly QueueName[] = QUEUE_NAMES): void {
    if (this.stopping) return;
    for (const queue of queues) this.wanted.add(queue);
    // A poll under way takes the queues wanted since it began in a poll of its own right after.
    if (this.polling !== undefined) return;
    this.polling = this.pass(() => this.poll())
      .catch((error: unknown) => this.options.log.error({ err: error }, 'job poll failed'))
      .finally(() => {
        this.polling = undefined;
        if (this.wanted.size > 0) this.wake([]);
      });
  }

  private async poll(): Promise<void> {
    const wanted = this.wanted;
    this.wanted = new Set();
    await this.enqueueDueSchedules();
    for (const queue of QUEUE_NAMES) {
      if (!wanted.has(queue)) continue;
      const claimed = await this.claim(queue, this.concurrency[queue] - this.busy[queue]);
      for (const job of claimed) {
        // A finished job frees a slot of its queue: look for more of its work at once.
        void this.track(job, queue).finally(() => this.wake([queue]));
      }
    }
  }

  private async claim(queue: QueueName, limit: number): Promise<JobRow[]> {
    if (this.stopping || limit <= 0) return [];
    const { repo, clock } = this.options;
    const names = [...this.definitions.keys()].filter((name) => this.queueOf(name) === queue);
    const claimed = await repo.claim(names, this.workerId, clock.now(), this.leaseMs, limit);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
    if (!this.stopping) return claimed;
    // stop() came while the claim was in flight: hand the jobs back rather than start them.
    await Promise.all(claimed.map((job) => repo.release(job.id, this.workerId, clock.now())));
    return [];
  }

  private track(job: JobRow, queue: QueueName): Promise<void> {
    // execute() handles the job's own failures; this catches the database failing under it.
    const execution = this.execute(job).catch((error: unknown) =>
      this.options.log.error({ err: error, job: job.name, jobId: job.id }, 'job bookkeeping failed'),
    );
    this.running.add(execution);
    this.busy[queue] += 1;
    return execution.finally(() => {
      this.running.delete(execution);
      this.busy[queue] -= 1;
    });
  }

  private async enqueueDueSchedules(): Promise<void> {
    const { db, repo, clock, queue } = this.options;
    const now = clock.now();
    for (const schedule of await repo.dueSchedules([...this.schedules.keys()], now)) {
      const next = nextCronTime(schedule.cron, now);
      // Advancing the schedule and enqueuing its job commit together: a crash between them can
      // neither lose the tick nor, with the unique key, run it twice.
      await transact(db, async (trx) => {
        if (!(await repo.advanceSchedule(trx, schedule.name, schedule.next_run_at, next, now))) return;
        await queue.enqueue(schedule.name, null, {
          uniqueKey: `schedule:${schedule.name}:${schedule.next_run_at}`,
          db: trx,
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
    const leaseLost = new AbortController();
    const signal = AbortSignal.any([
      AbortSignal.timeout(definition.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS),
      this.stopController.signal,
      leaseLost.signal,
    ]);
    // Set by completeWith, inside a closure the type checker does not follow.
    const outcome = { completed: false };
    const heartbeat = setInterval(
      () => {
        void repo.renewLease(job.id, this.workerId, clock.now() + this.leaseMs).then(
          (held) => {
            // Not held, and not because it is done: another worker has it, so this one should stop.
            if (!held && !outcome.completed) leaseLost.abort(new JobLostError());
          },
          // A failed renewal is retried at the next beat, well before the lease runs out.
          () => undefined,
        );
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      signal,
      log,
      completeWith: async (work) => {
        await transact(this.options.db, async (trx) => {
          await work(trx);
          if (!(await repo.markDone(job.id, this.workerId, clock.now(), trx))) throw new JobLostError();
        });
        outcome.completed = true;
      },
    };
    try {
      // The heartbeat keeps the lease until the handler settles, even past an abort: releasing
      // the job while its code still runs would let another worker run it alongside. But only
      // for a while: a handler deaf to its signal must not hold its queue's slot for ever.
      const abandonAfter = Math.min(this.abandonAfterMs, 2 * this.leaseMs);
      await settle(definition.run(JSON.parse(job.payload) as never, context), signal, abandonAfter);
      // A handler may honour its signal by returning early: an aborted attempt is not done.
      if (signal.aborted && !outcome.completed) throw signal.reason as Error;
      if (!outcome.completed && !(await repo.markDone(job.id, this.workerId, clock.now()))) {
        log.warn('job finished after its lease was taken over; the other worker owns it now');
      }
      log.debug('job done');
    } catch (error) {
      if (error instanceof JobLostError || leaseLost.signal.aborted) {
        log.warn('job taken over by another worker before it completed; this worker let go of it');
        return;
      }
      if (signal.reason instanceof RunnerStoppedError) {
        await repo.release(job.id, this.workerId, clock.now());
        log.info('job interrupted by shutdown; released for the next worker');
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

/**
 * Settles as `work` does, but once `signal` aborts, waits at most `capMs` more: then rejects with
 * the abort reason, giving up on a handler that ignores its signal.
 */
function settle(work: Promise<void>, signal: AbortSignal, capMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let giveUp: NodeJS.Timeout | undefined;
    const onAbort = () => {
      giveUp = setTimeout(() => reject(signal.reason as Error), capMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => {
      clearTimeout(giveUp);
      signal.removeEventListener('abort', onAbort);
    });
  });
}
