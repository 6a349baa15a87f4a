import type { Clock } from '../time.js';
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
  /** Enqueue inside the caller's transaction, so the job exists if and only if the caller's work commits. */
  db?: Db;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

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
    const inserted = await this.repo.insert(
      {
        id,
        name,
        payload: JSON.stringify(payload ?? null),
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        runAt: options.runAt ?? now + (options.delayMs ?? 0),
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
