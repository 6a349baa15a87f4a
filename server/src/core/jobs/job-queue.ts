import { MINUTE, type Clock } from '../time.js';
import type { Db } from '../db/database.js';
import { newId } from '../ids.js';
import type { JobsRepo } from './jobs.repo.js';

export interface EnqueueOptions {
  /** Run no earlier than this (epoch ms); default now. */
  runAt?: number;
  delayMs?: number;
  /** At most one job ever exists with this key; enqueuing it again is a no-op. */
  uniqueKey?: string;
  maxAttempts?: number;
  /**
   * The account the work is for. Its jobs of one kind take turns with other accounts' instead of
   * running in enqueue order: one account's thousands of thumbnails do not delay another's first.
   */
  accountId?: string;
  /** Enqueue inside the caller's transaction, so the job exists if and only if the caller's work commits. */
  db?: Db;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * How far apart in the fair order an account's queued jobs of one kind are placed. Jobs are taken
 * by their place, and an account's next job is placed one step after its last queued one (or now,
 * if it has none queued), so an account that queues a thousand jobs stretches them over a thousand
 * steps while another's first job is placed at now, ahead of all but the few that were due before.
 * The step is longer than any job of a heavy queue takes: with a shorter one, a big batch would fall
 * behind its places as it runs, and a newcomer would queue behind the backlog again.
 */
export const FAIR_STEP_MS = MINUTE;

/** The producing side of durable jobs: anything may enqueue, whether or not a runner runs here. */
export class JobQueue {
  private readonly listeners = new Set<(name: string) => void>();

  constructor(
    private readonly repo: JobsRepo,
    private readonly clock: Clock,
  ) {}

  /** Stores a job to run at least once. Returns its id, or null if its unique key was already taken. */
  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
    const now = this.clock.now();
    const id = newId();
    const runAt = options.runAt ?? now + (options.delayMs ?? 0);
    const accountId = options.accountId ?? null;
    // Two jobs of one account enqueued at the same moment may take the same place: a tie, no harm.
    const tail = accountId === null ? null : await this.repo.fairTail(name, accountId, options.db);
    const inserted = await this.repo.insert(
      {
        id,
        name,
        payload: JSON.stringify(payload ?? null),
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        runAt,
        fairAt: tail === null ? runAt : Math.max(runAt, tail + FAIR_STEP_MS),
        accountId,
        uniqueKey: options.uniqueKey ?? null,
        now,
      },
      options.db,
    );
    if (!inserted) return null;
    for (const listener of this.listeners) listener(name);
    return id;
  }

  /** Called after each enqueue in this process; runners use it to start at once instead of at the next poll. */
  onEnqueued(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
