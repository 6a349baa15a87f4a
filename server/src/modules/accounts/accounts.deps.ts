import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Captcha } from '../../core/captcha/index.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { Outbound } from '../../core/messages/index.js';
import type { PasswordPolicy } from '../../core/passwords/index.js';
import type { RateLimits } from '../../core/rate-limits.js';
import type { AccountsRepo } from './accounts.repo.js';
import type { SessionsRepo } from './sessions.repo.js';

/** What the account services use, and nothing more. */
export interface AccountsDeps {
  config: Pick<Config, 'publicUrl' | 'mode'>;
  /** Where work that commits together starts its transaction; `repo` and `sessions` work on it too. */
  db: Db;
  repo: AccountsRepo;
  sessions: SessionsRepo;
  clock: Clock;
  outbound: Outbound;
  captcha: Captcha;
  passwords: PasswordPolicy;
  limits: RateLimits;
  /** The server secret: keys the HMACs of codes and CSRF tokens. */
  secret: string;
  log: FastifyBaseLogger;
  /**
   * Called with an account's id just before the purge deletes its row, to remove what the account
   * keeps outside the database (blobs). Each must be idempotent: a failed purge runs them again.
   * Other modules add theirs through the module's onPurge.
   */
  purgeAccountBlobs?: readonly PurgeAccountBlobs[];
  /** Other modules' hooks for sessions ended wholesale, added through the module's onSessionsEnded. */
  sessionsEnded?: readonly SessionsEnded[];
}

export type PurgeAccountBlobs = (accountId: string) => Promise<void>;

/**
 * Told, after the commit, that sessions of an account were ended wholesale (a password change,
 * "sign out everywhere"): devices closes the streams and long polls of the devices signed out.
 */
export type SessionsEnded = (accountId: string) => Promise<void>;

/** Runs the SessionsEnded hooks; a failing one is logged, never undoes what committed. */
export async function announceSessionsEnded(deps: Pick<AccountsDeps, 'sessionsEnded' | 'log'>, accountId: string) {
  for (const hook of deps.sessionsEnded ?? []) {
    await hook(accountId).catch((error: unknown) => deps.log.warn({ err: error }, 'a sessions-ended hook failed'));
  }
}

/** Who is asking: recorded with security events and sessions. */
export interface RequestContext {
  /**
   * The client's address (behind trusted proxies, the one they forwarded), as shown to the owner.
   * Per-client limits key it by `clientKey(ip)` (core/net), never as it is: an IPv6 client owns a /64.
   */
  ip: string;
  userAgent: string | null;
}
