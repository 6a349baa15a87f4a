import { sql, type Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { StorageUsageTable } from './storage.tables.js';

export type UsageRow = Selectable<StorageUsageTable>;
/** The usage row's counters: `blobs` is what the quota counts; the rest is the storage page's breakdown. */
export type UsageBucket = 'blobs' | 'gallery' | 'recordings' | 'files' | 'bin';
export type UsageDelta = Partial<Record<UsageBucket, number>>;

/**
 * SQL of what an account stores: its blob references, usage counters, upload holds, orphans. Works
 * on the database or on a transaction, whichever it is given.
 */
export class StorageRepo {
  constructor(readonly db: Db) {}

  /**
   * The account's usage row, locked until the transaction ends (on PostgreSQL; SQLite runs one
   * writer at a time): quota checks of one account happen one after another, never both passing.
   */
  async lockUsage(accountId: string): Promise<UsageRow> {
    await this.db
      .insertInto('media_usage')
      .values({ account_id: accountId, blobs: 0, gallery: 0, recordings: 0, files: 0, bin: 0 })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    return this.db
      .updateTable('media_usage')
      .set((eb) => ({ blobs: eb.ref('blobs') }))
      .where('account_id', '=', accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async usage(accountId: string): Promise<UsageRow | undefined> {
    return this.db.selectFrom('media_usage').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  }

  async addUsage(accountId: string, delta: UsageDelta): Promise<void> {
    const entries = Object.entries(delta).filter(([, value]) => value !== 0) as [UsageBucket, number][];
    if (entries.length === 0) return;
    await this.db
      .updateTable('media_usage')
      .set((eb) => Object.fromEntries(entries.map(([bucket, value]) => [bucket, eb(eb.ref(bucket), '+', value)])))
      .where('account_id', '=', accountId)
      .execute();
  }

  async setUsage(accountId: string, usage: Required<UsageDelta>, now: number): Promise<void> {
    await this.db
      .updateTable('media_usage')
      .set({ ...usage, recounted_at: now })
      .where('account_id', '=', accountId)
      .execute();
  }

  /** Bytes of the account's distinct blobs, from its references: the nightly recount's truth. */
  async countBlobs(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('media_blobs')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('size'), sql<string | number>`0`).as('bytes'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.bytes);
  }

  async accountsWithUsage(): Promise<string[]> {
    const rows = await this.db.selectFrom('media_usage').select('account_id').execute();
    return rows.map((row) => row.account_id);
  }

  /** The asked hashes the account already has. */
  async presentHashes(accountId: string, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('media_blobs')
      .select('sha256')
      .where('account_id', '=', accountId)
      .where('sha256', 'in', hashes)
      .execute();
    return new Set(rows.map((row) => row.sha256));
  }

  async blob(accountId: string, sha256: string) {
    return this.db
      .selectFrom('media_blobs')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /** One more item names the blob; true when the account did not have it before (it now counts). */
  async refBlob(accountId: string, sha256: string, size: number, now: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('media_blobs')
      .set((eb) => ({ refs: eb(eb.ref('refs'), '+', 1) }))
      .where('account_id', '=', accountId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return false;
    await this.db
      .insertInto('media_blobs')
      .values({ account_id: accountId, sha256, size, refs: 1, created_at: now })
      .execute();
    return true;
  }

  /** One item fewer names the blob; true when it was the account's last (it no longer counts). */
  async unrefBlob(accountId: string, sha256: string, now: number): Promise<boolean> {
    const row = await this.db
      .updateTable('media_blobs')
      .set((eb) => ({ refs: eb(eb.ref('refs'), '-', 1) }))
      .where('account_id', '=', accountId)
      .where('sha256', '=', sha256)
      .returning(['refs'])
      .executeTakeFirst();
    if (row === undefined || row.refs > 0) return false;
    await this.db.deleteFrom('media_blobs').where('account_id', '=', accountId).where('sha256', '=', sha256).execute();
    await this.orphan([sha256], now);
    return true;
  }

  /** Every blob of the account, for an account's purge. */
  async accountBlobs(accountId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('media_blobs').select('sha256').where('account_id', '=', accountId).execute();
    return rows.map((row) => row.sha256);
  }

  /**
   * Blobs that may have lost their last reference, or are about to be stored; the collector checks
   * again before it deletes. `since` moves to `now` for one listed already: the grace runs from the
   * latest reason, so bytes about to be stored again are not collected from under their writer.
   */
  async orphan(hashes: readonly string[], now: number): Promise<void> {
    for (const sha256 of hashes) {
      await this.db
        .insertInto('blob_orphans')
        .values({ sha256, since: now })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ since: now }))
        .execute();
    }
  }

  /** Takes a blob off the orphan list (it is being named again); waits for a collector holding its row. */
  async unorphan(sha256: string): Promise<void> {
    await this.db.deleteFrom('blob_orphans').where('sha256', '=', sha256).execute();
  }

  async orphansBefore(cutoff: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('blob_orphans')
      .select('sha256')
      .where('since', '<', cutoff)
      .orderBy('since')
      .limit(limit)
      .execute();
    return rows.map((row) => row.sha256);
  }

  /**
   * Takes an orphan listed before `cutoff` off the list; true when no account names the blob (its
   * bytes may go). In the same transaction as the check, so an upload that names it again wins or waits.
   */
  async claimOrphan(sha256: string, cutoff: number): Promise<boolean> {
    const removed = await this.db
      .deleteFrom('blob_orphans')
      .where('sha256', '=', sha256)
      .where('since', '<', cutoff)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    const named = await this.db
      .selectFrom('media_blobs')
      .select('sha256')
      .where('sha256', '=', sha256)
      .limit(1)
      .execute();
    return named.length === 0;
  }

  async insertHold(row: { id: string; account_id: string; size: number; created_at: number; expires_at: number }) {
    await this.db.insertInto('media_uploads').values(row).execute();
  }

  async hold(id: string) {
    return this.db.selectFrom('media_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteHold(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('media_uploads').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Bytes held by the account's unfinished uploads, but for `exceptId` (the one finishing). */
  async reservedBytes(accountId: string, exceptId?: string): Promise<number> {
    let query = this.db
      .selectFrom('media_uploads')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('size'), sql<string | number>`0`).as('bytes'))
      .where('account_id', '=', accountId);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    return Number((await query.executeTakeFirstOrThrow()).bytes);
  }

  async holdCount(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('media_uploads')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.count;
  }

  async expiredHolds(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('media_uploads')
      .select('id')
      .where('expires_at', '<', now)
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async accountHolds(accountId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('media_uploads').select('id').where('account_id', '=', accountId).execute();
    return rows.map((row) => row.id);
  }
}
