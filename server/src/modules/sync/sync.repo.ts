import type { Category } from '@nimbus/protocol';
import { PostgresAdapter, sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import { PreparedQuery } from '../../core/db/prepared.js';
import { SECOND } from '../../core/time.js';
import type { PushReceiptsTable, RecordsTable } from './sync.tables.js';

export type RecordRow = Selectable<RecordsTable>;

const FEED_COLUMNS = [
  'category',
  'id',
  'version',
  'etag',
  'deleted',
  'data',
  'projection',
  'size',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RecordsTable)[];
/** A record as the change feed reads it. */
export type FeedRow = Pick<RecordRow, (typeof FEED_COLUMNS)[number]>;
export type ReceiptRow = Selectable<PushReceiptsTable>;

export interface ListQuery {
  /** Lower-cased text every listed record's search words contain. */
  search?: string;
  /** Keyset paging: records after this (sort key, id). */
  after?: { sortKey: string; id: string };
  descending: boolean;
  deleted: boolean;
  groupKey?: string;
  /** Calendar: items that end at or after `from` and start before `to`. */
  from?: string;
  to?: string;
  limit: number;
}

/** How long a push waits for the account's other pushes on PostgreSQL before answering 503. */
export const LOCK_WAIT_MS = 5 * SECOND;

// One record by id: what every read of a single record asks (see PreparedQuery).
const FIND_RECORD = new PreparedQuery((db, accountId: string, id: string) =>
  db.selectFrom('records').selectAll().where('account_id', '=', accountId).where('id', '=', id),
);

/** `%`, `_` and `\` stand for themselves in a search. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** SQL of synced records, the account's modification sequence and push receipts, on a database or a transaction. */
export class SyncRepo {
  constructor(private readonly db: Db) {}

  /** Bytes of the account's records that hold content (live or in the bin): they count toward the quota. */
  async recordsBytes(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('records')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('size'), sql<string | number>`0`).as('bytes'))
      .where('account_id', '=', accountId)
      .where('data', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.bytes);
  }

  /** Per category: live records, and the latest change of any record (a deletion is a change too). */
  async summary(accountId: string): Promise<{ category: Category; count: number; lastChange: number | null }[]> {
    const rows = await this.db
      .selectFrom('records')
      .select((eb) => [
        'category',
        eb.fn.sum<string | number>(eb.case().when('deleted', '=', 0).then(1).else(0).end()).as('count'),
        eb.fn.max<string | number | null>('updated_at').as('last_change'),
      ])
      .where('account_id', '=', accountId)
      .groupBy('category')
      .execute();
    // PostgreSQL answers sums and bigint maxima as text.
    return rows.map((row) => ({
      category: row.category,
      count: Number(row.count),
      lastChange: row.last_change === null ? null : Number(row.last_change),
    }));
  }

  /**
   * The account's last modification sequence number, locking it until the transaction ends: pushes
   * of one account take their numbers one after another, so a change feed read never skips a change
   * that commits later with a smaller number.
   */
  async lockSequence(accountId: string): Promise<{ modseq: number; prunedThrough: number }> {
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      // Pushes of one account queue on its row, each holding a pooled connection: a wait that long
      // means a flood, answered "busy" before it takes every connection from everyone else.
      await sql`set local lock_timeout = ${sql.lit(`${LOCK_WAIT_MS}ms`)}`.execute(this.db);
    }
    try {
      await this.db
        .insertInto('sync_state')
        .values({ account_id: accountId, modseq: 0, pruned_through: 0 })
        .onConflict((oc) => oc.column('account_id').doNothing())
        .execute();
      const row = await this.db
        .updateTable('sync_state')
        .set((eb) => ({ modseq: eb.ref('modseq') }))
        .where('account_id', '=', accountId)
        .returning(['modseq', 'pruned_through'])
        .executeTakeFirstOrThrow();
      return { modseq: row.modseq, prunedThrough: row.pruned_through };
    } catch (error) {
      // 55P03: lock_not_available.
      if ((error as { code?: unknown }).code === '55P03') {
        throw new AppError(
          'service_unavailable',
          'This account is busy with other changes. Try again in a few seconds.',
          { retryAfterSeconds: 5 },
        );
      }
      throw error;
    }
  }

  async setSequence(accountId: string, modseq: number): Promise<void> {
    await this.db.updateTable('sync_state').set({ modseq }).where('account_id', '=', accountId).execute();
  }

  async sequence(accountId: string): Promise<{ modseq: number; prunedThrough: number }> {
    const row = await this.db
      .selectFrom('sync_state')
      .select(['modseq', 'pruned_through'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return { modseq: row?.modseq ?? 0, prunedThrough: row?.pruned_through ?? 0 };
  }

  async findMany(accountId: string, ids: readonly string[]): Promise<RecordRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('records')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', 'in', ids)
      .execute();
  }

  find(accountId: string, id: string): Promise<RecordRow | undefined> {
    return FIND_RECORD.executeTakeFirst(this.db, accountId, id);
  }

  async insert(row: Insertable<RecordsTable>): Promise<void> {
    await this.db.insertInto('records').values(row).execute();
  }

  async update(accountId: string, id: string, fields: Updateable<RecordsTable>): Promise<void> {
    await this.db.updateTable('records').set(fields).where('account_id', '=', accountId).where('id', '=', id).execute();
  }

  async receipts(deviceId: string, ids: readonly string[]): Promise<ReceiptRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('push_receipts')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('record_id', 'in', ids)
      .execute();
  }

  async insertReceipt(receipt: Insertable<PushReceiptsTable>): Promise<void> {
    await this.db
      .insertInto('push_receipts')
      .values(receipt)
      .onConflict((oc) =>
        oc.columns(['device_id', 'record_id', 'base_version']).doUpdateSet({
          op: receipt.op,
          data_hash: receipt.data_hash,
          version: receipt.version,
          etag: receipt.etag,
          created_at: receipt.created_at,
        }),
      )
      .execute();
  }

  /** Changes of a category after `since`, oldest first. */
  feed(
    accountId: string,
    category: Category,
    since: number,
    limit: number,
    withTombstones: boolean,
  ): Promise<FeedRow[]> {
    // Only what a change carries: the search text and list keys of a page weigh as much as its data.
    let query = this.db
      .selectFrom('records')
      .select(FEED_COLUMNS)
      .where('account_id', '=', accountId)
      .where('category', '=', category)
      .where('version', '>', since);
    if (!withTombstones) query = query.where('deleted', '=', 0);
    return query.orderBy('version').limit(limit).execute();
  }

  /**
   * A page of a category's records in list order, or of its recycle bin (the latest deleted first);
   * keyset-paged on (order, id) so pages neither skip nor repeat while records change.
   */
  list(accountId: string, category: Category, query: ListQuery): Promise<RecordRow[]> {
    const direction = query.descending ? 'desc' : 'asc';
    let select = this.db
      .selectFrom('records')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('category', '=', category)
      .where('deleted', '=', query.deleted ? 1 : 0);
    // A deleted record whose content was purged is only a tombstone: not in any list.
    if (query.deleted) select = select.where('data', 'is not', null);
    if (query.groupKey !== undefined) select = select.where('group_key', '=', query.groupKey);
    if (query.from !== undefined) select = select.where('end_key', '>=', query.from);
    if (query.to !== undefined) select = select.where('sort_key', '<', query.to);
    if (query.search !== undefined && query.search !== '') {
      select = select.where(sql<boolean>`search like ${likePattern(query.search)} escape '\\'`);
    }
    const after = query.after;
    const beyond = query.descending ? '<' : '>';
    if (query.deleted) {
      // The bin: the latest deleted first; the cursor's key is the deletion time.
      if (after !== undefined) {
        const deletedAt = Number(after.sortKey);
        select = select.where((eb) =>
          eb.or([
            eb('deleted_at', beyond, deletedAt),
            eb.and([eb('deleted_at', '=', deletedAt), eb('id', beyond, after.id)]),
          ]),
        );
      }
      return select.orderBy('deleted_at', direction).orderBy('id', direction).limit(query.limit).execute();
    }
    if (after !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('sort_key', beyond, after.sortKey),
          eb.and([eb('sort_key', '=', after.sortKey), eb('id', beyond, after.id)]),
        ]),
      );
    }
    return select.orderBy('sort_key', direction).orderBy('id', direction).limit(query.limit).execute();
  }

  /** Accounts with tombstones deleted before `cutoff`. */
  async accountsWithTombstonesBefore(cutoff: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('records')
      .select('account_id')
      .distinct()
      .where('deleted', '=', 1)
      .where('deleted_at', '<', cutoff)
      .execute();
    return rows.map((row) => row.account_id);
  }

  /**
   * Removes an account's tombstones deleted before `cutoff` and remembers the highest version
   * removed: cursors below it can no longer learn of those deletions. Call inside a transaction
   * that locked the sequence.
   */
  async pruneTombstones(accountId: string, cutoff: number, prunedThrough: number): Promise<number> {
    const doomed = this.db
      .selectFrom('records')
      .where('account_id', '=', accountId)
      .where('deleted', '=', 1)
      .where('deleted_at', '<', cutoff);
    const highest = await doomed.select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
    const through = highest?.version ?? 0;
    if (through === 0) return 0;
    const result = await this.db
      .deleteFrom('records')
      .where('account_id', '=', accountId)
      .where('deleted', '=', 1)
      .where('deleted_at', '<', cutoff)
      .executeTakeFirst();
    await this.db
      .updateTable('sync_state')
      .set({ pruned_through: Math.max(prunedThrough, through) })
      .where('account_id', '=', accountId)
      .execute();
    return Number(result.numDeletedRows);
  }

  async deleteReceiptsBefore(cutoff: number): Promise<void> {
    await this.db.deleteFrom('push_receipts').where('created_at', '<', cutoff).execute();
  }

  /** The unread messages of one thread. */
  unreadOfThread(accountId: string, groupKey: string): Promise<RecordRow[]> {
    return this.db
      .selectFrom('records')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('category', '=', 'messages')
      .where('deleted', '=', 0)
      .where('group_key', '=', groupKey)
      .where('unread', '=', 1)
      .execute();
  }

  /** Message threads, the latest first: each address with its count, unread count and latest time. */
  async threads(
    accountId: string,
    query: { search?: string; after?: { lastKey: string; groupKey: string }; limit: number },
  ): Promise<ThreadGroup[]> {
    let select = this.db
      .selectFrom('records')
      .select((eb) => [
        'group_key',
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>('unread').as('unread'),
        eb.fn.max('sort_key').as('last_key'),
      ])
      .where('account_id', '=', accountId)
      .where('category', '=', 'messages')
      .where('deleted', '=', 0)
      .where('group_key', 'is not', null);
    if (query.search !== undefined) {
      select = select.where(sql<boolean>`search like ${likePattern(query.search)} escape '\\'`);
    }
    select = select.groupBy('group_key');
    const after = query.after;
    if (after !== undefined) {
      select = select.having((eb) =>
        eb.or([
          eb(eb.fn.max('sort_key'), '<', after.lastKey),
          eb.and([eb(eb.fn.max('sort_key'), '=', after.lastKey), eb('group_key', '<', after.groupKey)]),
        ]),
      );
    }
    const rows = await select.orderBy('last_key', 'desc').orderBy('group_key', 'desc').limit(query.limit).execute();
    return rows.map((row) => ({
      groupKey: row.group_key ?? '',
      count: row.count,
      unread: row.unread,
      lastKey: row.last_key,
    }));
  }

  /** The latest message of each thread. */
  async lastOfThreads(accountId: string, groups: readonly ThreadGroup[]): Promise<Map<string, RecordRow>> {
    if (groups.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('records')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('category', '=', 'messages')
      .where('deleted', '=', 0)
      .where(
        'group_key',
        'in',
        groups.map((group) => group.groupKey),
      )
      .where(
        'sort_key',
        'in',
        groups.map((group) => group.lastKey),
      )
      .execute();
    const latest = new Map<string, RecordRow>();
    for (const group of groups) {
      const row = rows
        .filter((candidate) => candidate.group_key === group.groupKey && candidate.sort_key === group.lastKey)
        .sort((a, b) => b.version - a.version)[0];
      if (row !== undefined) latest.set(group.groupKey, row);
    }
    return latest;
  }
}

export interface ThreadGroup {
  groupKey: string;
  count: number;
  unread: number;
  lastKey: string;
}
