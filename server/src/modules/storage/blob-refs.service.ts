import type { BlobStore } from '../../core/blobs/index.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import { notFound } from '../../core/errors.js';
import { HOUR, type Clock } from '../../core/time.js';
import { StorageRepo, type UsageDelta } from './storage.repo.js';

/** A blob no account names is kept this long before its bytes go: a phone re-uploading it meanwhile costs nothing. */
export const ORPHAN_GRACE_MS = HOUR;

export interface BlobRefsDeps {
  db: Db;
  blobs: BlobStore;
  clock: Clock;
}

/** Breakdown counters a module keeps on the storage page (the blobs' own bytes are counted here). */
export type UsageBreakdownDelta = Omit<UsageDelta, 'blobs'>;

/**
 * Which accounts name which blobs, and what becomes of blobs nobody names. An account's blob counts
 * toward its quota once, however many of its rows name it; a blob no account names is collected
 * after ORPHAN_GRACE_MS. Bytes are only ever stored after their id is listed as an orphan, so
 * whatever stops a writer before a row names them (a refusal, a crash), the collector finds them.
 */
export class BlobRefsService {
  private readonly collected: ((sha256: string) => Promise<void>)[] = [];

  constructor(private readonly deps: BlobRefsDeps) {}

  /** The asked hashes the account does not have: what a phone still needs to upload. */
  async missing(accountId: string, hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const present = await new StorageRepo(this.deps.db).presentHashes(accountId, unique);
    return unique.filter((hash) => !present.has(hash));
  }

  /** The account's reference to a blob, if it has one. */
  async held(db: Db, accountId: string, sha256: string): Promise<{ size: number } | undefined> {
    return new StorageRepo(db).blob(accountId, sha256);
  }

  /**
   * Call once the bytes are staged and their hash known, before they are committed to the blob store:
   * lists the blob for the collector (or gives it a fresh grace if it is listed), committed at once.
   */
  async willStore(sha256: string): Promise<void> {
    await new StorageRepo(this.deps.db).orphan([sha256], this.deps.clock.now());
  }

  /**
   * Inside the transaction that will name the blob: takes it off the orphan list (waiting for a
   * collector that took it first), then makes sure its bytes are there. Throws 404 when they are
   * not (a collector got them before this blob was announced again): the caller must upload them.
   */
  async claim(trx: Db, sha256: string): Promise<void> {
    await new StorageRepo(trx).unorphan(sha256);
    if (!(await this.deps.blobs.exists(sha256))) {
      throw notFound('This account has no file with that SHA-256 and size: upload it.');
    }
  }

  /**
   * One more row of the account names the blob; true when the account did not have it before: it
   * now counts toward the quota (check with QuotaService.admit first, under the account's lock).
   */
  async ref(trx: Db, accountId: string, sha256: string, size: number): Promise<boolean> {
    const repo = new StorageRepo(trx);
    const added = await repo.refBlob(accountId, sha256, size, this.deps.clock.now());
    if (added) await repo.addUsage(accountId, { blobs: size });
    return added;
  }

  /** One row fewer names the blob; true when it was the account's last (it no longer counts). */
  async unref(trx: Db, accountId: string, sha256: string, size: number): Promise<boolean> {
    const repo = new StorageRepo(trx);
    const removed = await repo.unrefBlob(accountId, sha256, this.deps.clock.now());
    if (removed) await repo.addUsage(accountId, { blobs: -size });
    return removed;
  }

  /** Moves bytes between the breakdown's buckets (gallery, recordings, files, bin), under the account's lock. */
  async addUsage(trx: Db, accountId: string, delta: UsageBreakdownDelta): Promise<void> {
    await new StorageRepo(trx).addUsage(accountId, delta);
  }

  /** Lets go of every blob of a purged account (each goes once no other account names it). Idempotent. */
  async purgeAccount(accountId: string): Promise<void> {
    await transact(this.deps.db, async (trx) => {
      const repo = new StorageRepo(trx);
      await repo.orphan(await repo.accountBlobs(accountId), this.deps.clock.now());
    });
  }

  /** Runs `listener` for each blob the collector deleted (for what others keep beside it, like thumbnails). */
  onCollected(listener: (sha256: string) => Promise<void>): void {
    this.collected.push(listener);
  }

  /** Deletes the bytes of blobs that no account has named for ORPHAN_GRACE_MS; returns how many. */
  async collect(now: number): Promise<number> {
    const cutoff = now - ORPHAN_GRACE_MS;
    let removed = 0;
    for (;;) {
      const batch = await new StorageRepo(this.deps.db).orphansBefore(cutoff, 500);
      if (batch.length === 0) return removed;
      for (const sha256 of batch) {
        // The bytes go before the claim commits: an upload naming the blob meanwhile waits for this
        // transaction and then finds them gone (and is told to upload them) rather than about to go.
        const deleted = await transact(this.deps.db, async (trx) => {
          if (!(await new StorageRepo(trx).claimOrphan(sha256, cutoff))) return false;
          await this.deps.blobs.delete(sha256);
          for (const listener of this.collected) await listener(sha256);
          return true;
        });
        if (deleted) removed += 1;
      }
    }
  }
}
