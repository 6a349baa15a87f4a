import type { Storage } from '@nimbus/protocol';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import { AppError } from '../../core/errors.js';
import { MINUTE, type Clock } from '../../core/time.js';
import { StorageRepo, type UsageRow } from './storage.repo.js';

const GB = 1024 ** 3;

/** Most unfinished uploads an account may hold at once: each one holds space. */
export const MAX_OPEN_UPLOADS = 100;

/**
 * Bytes an account keeps with another module that count toward its quota besides its blobs (which
 * this module counts itself, once each, whoever names them): the records' payloads, later backups'.
 */
export interface UsageProvider {
  /** Read on `db`, which may be the transaction holding the account's lock; never cached. */
  usedBytes(accountId: string, db: Db): Promise<number>;
}

/** How much an account may keep: today the free quota for everyone, later the plan's. */
export interface LimitProvider {
  /** Read at each check, never cached, on `db` (maybe the transaction holding the account's lock). */
  limitOf(accountId: string, db: Db): Promise<{ bytes: number; plan: string }>;
}

/** The limit every account has until plans arrive. */
export function freePlanLimit(bytes: number): LimitProvider {
  return { limitOf: () => Promise.resolve({ bytes, plan: 'free' }) };
}

export interface QuotaDeps {
  db: Db;
  clock: Clock;
  limits: LimitProvider;
  /** By name; `records` is shown as such on the storage page, every one counts. */
  providers: Record<string, UsageProvider>;
}

/** "1.2 GB" in messages; the portal formats numbers itself from details. */
export function readableBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function insufficientStorage(needed: number, free: number, quota: number): AppError {
  const left = Math.max(0, free);
  return new AppError(
    'insufficient_storage',
    `Not enough storage: this needs ${readableBytes(needed)} and ${readableBytes(left)} of your ${readableBytes(quota)} are left. Delete something (and empty the recycle bin) to make room.`,
    { neededBytes: needed, freeBytes: left, quotaBytes: quota },
  );
}

interface Space {
  limit: number;
  plan: string;
  used: number;
  reserved: number;
  provided: Record<string, number>;
  free: number;
}

/**
 * The quota: what an account uses (its distinct blobs, what the providers report, and space held for
 * uploads under way) against what its limit allows. Checks run under the account's lock, so two
 * uploads can never both pass a limit that has room for one. Over quota, only new data is refused.
 */
export class QuotaService {
  constructor(private readonly deps: QuotaDeps) {}

  /**
   * The account's lock until `trx` ends (on PostgreSQL; SQLite runs one writer at a time): what
   * changes its usage, or must not race another change of its data, takes it first.
   */
  async lock(trx: Db, accountId: string): Promise<void> {
    await new StorageRepo(trx).lockUsage(accountId);
  }

  /**
   * Holds `bytes` of the account's quota for an upload about to start, as hold `holdId` until
   * `expiresAt`: refused (507) before the first byte when they do not fit, and (429) past
   * MAX_OPEN_UPLOADS unfinished uploads. The hold ends with release().
   */
  reserve(db: Db, accountId: string, bytes: number, hold: { id: string; expiresAt: number }): Promise<void> {
    return transact(db, async (trx) => {
      const repo = new StorageRepo(trx);
      const usage = await repo.lockUsage(accountId);
      // Counted under the account's lock, so uploads started together cannot pass the limit together.
      if ((await repo.holdCount(accountId)) >= MAX_OPEN_UPLOADS) {
        throw new AppError('rate_limited', `At most ${MAX_OPEN_UPLOADS} uploads may be unfinished at once.`, {
          retryAfterSeconds: MINUTE / 1000,
        });
      }
      const space = await this.space(trx, accountId, usage);
      if (bytes > space.free) throw insufficientStorage(bytes, space.free, space.limit);
      await repo.insertHold({
        id: hold.id,
        account_id: accountId,
        size: bytes,
        created_at: this.deps.clock.now(),
        expires_at: hold.expiresAt,
      });
    });
  }

  /** Ends a hold (its upload finished, was cancelled or expired); false when it had ended already. */
  release(db: Db, holdId: string): Promise<boolean> {
    return new StorageRepo(db).deleteHold(holdId);
  }

  /**
   * Inside `trx`, under the account's lock: throws 507 unless `bytes` more fit. `exceptHold` is the
   * hold of the upload these bytes come from, which no longer counts.
   */
  async admit(trx: Db, accountId: string, bytes: number, exceptHold?: string): Promise<void> {
    const usage = await new StorageRepo(trx).lockUsage(accountId);
    const space = await this.space(trx, accountId, usage, exceptHold);
    if (bytes > space.free) throw insufficientStorage(bytes, space.free, space.limit);
  }

  /**
   * Inside `trx`, under the account's lock (taken here): the bytes still free and the limit, for a
   * writer that admits many small additions (a push of records) and counts them down itself.
   */
  async room(trx: Db, accountId: string): Promise<{ free: number; limit: number }> {
    const usage = await new StorageRepo(trx).lockUsage(accountId);
    const space = await this.space(trx, accountId, usage);
    return { free: space.free, limit: space.limit };
  }

  /** The hold `holdId`, if it has not ended. */
  hold(holdId: string): Promise<{ id: string; account_id: string; size: number } | undefined> {
    return new StorageRepo(this.deps.db).hold(holdId);
  }

  /** The holds of an account, for its purge. */
  holdsOf(accountId: string): Promise<string[]> {
    return new StorageRepo(this.deps.db).accountHolds(accountId);
  }

  /** Up to `limit` holds whose time ran out before `now`. */
  expiredHolds(now: number, limit: number): Promise<string[]> {
    return new StorageRepo(this.deps.db).expiredHolds(now, limit);
  }

  /** The storage page's numbers. */
  async describe(accountId: string): Promise<Storage> {
    const usage = await new StorageRepo(this.deps.db).usage(accountId);
    const space = await this.space(this.deps.db, accountId, usage);
    return {
      quotaBytes: space.limit,
      usedBytes: space.used,
      breakdown: {
        gallery: usage?.gallery ?? 0,
        recordings: usage?.recordings ?? 0,
        files: usage?.files ?? 0,
        records: space.provided.records ?? 0,
        bin: usage?.bin ?? 0,
        uploads: space.reserved,
      },
      readOnly: space.used > space.limit,
      plan: space.plan,
    };
  }

  private async space(db: Db, accountId: string, usage: UsageRow | undefined, exceptHold?: string): Promise<Space> {
    const { bytes: limit, plan } = await this.deps.limits.limitOf(accountId, db);
    const reserved = await new StorageRepo(db).reservedBytes(accountId, exceptHold);
    const provided: Record<string, number> = {};
    for (const [name, provider] of Object.entries(this.deps.providers)) {
      provided[name] = await provider.usedBytes(accountId, db);
    }
    const used = (usage?.blobs ?? 0) + reserved + Object.values(provided).reduce((sum, bytes) => sum + bytes, 0);
    return { limit, plan, used, reserved, provided, free: limit - used };
  }
}
