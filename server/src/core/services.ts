import type { Config } from '../config.js';
import type { BlobStore } from './blobs/index.js';
import type { Bus } from './bus/index.js';
import type { Clock } from './time.js';
import type { Database } from './db/database.js';
import type { JobQueue, JobRunner, JobsRepo } from './jobs/index.js';
import type { Captcha } from './captcha/index.js';
import type { Outbound, OutboxRepo } from './messages/index.js';
import type { PasswordPolicy } from './passwords/index.js';
import type { RateLimits } from './rate-limits.js';

/**
 * What the running server is made of. Built once by buildApp; modules take the few pieces they
 * need from it when they are registered, never the whole object.
 */
export interface Services {
  readonly config: Config;
  readonly version: string;
  readonly clock: Clock;
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly bus: Bus;
  readonly jobs: JobQueue;
  readonly jobsRepo: JobsRepo;
  readonly runner: JobRunner;
  /** Mail and SMS: rendered from templates, delivered by durable jobs. */
  readonly outbound: Outbound;
  readonly outbox: OutboxRepo;
  /** Closes the mail transport (pooled SMTP connections); after the runner has stopped. */
  readonly closeOutbound: () => Promise<void>;
  /** The server secret: keys HMACs of codes, CSRF tokens and captcha challenges. */
  readonly secret: string;
  readonly captcha: Captcha;
  readonly passwords: PasswordPolicy;
  readonly limits: RateLimits;
}
