import type { MediaSection } from '@nimbus/protocol';
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { MediaItemsTable } from './media.tables.js';

export type ItemRow = Selectable<MediaItemsTable>;
export type NewItemRow = Insertable<MediaItemsTable>;

/** Keyset paging over (taken_at, id), newest first. */
export interface TimePage {
  after?: { takenAt: number; id: string };
  limit: number;
}

/** SQL of media items: the gallery, recordings and files, live or in the recycle bin. */
export class ItemsRepo {
  constructor(readonly db: Db) {}

  /** Every row of the account: each query starts here, so none forgets whose rows it reads. */
  private ofAccount(accountId: string) {
    return this.db.selectFrom('media_items').selectAll().where('account_id', '=', accountId);
  }

  /** Per section: live items, and the latest change of any item (moving to the bin is a change too). */
  async summary(accountId: string): Promise<{ section: MediaSection; count: number; lastChange: number | null }[]> {
    const rows = await this.db
      .selectFrom('media_items')
      .select((eb) => [
        'section',
        eb.fn.sum<string | number>(eb.case().when('deleted_at', 'is', null).then(1).else(0).end()).as('count'),
        eb.fn.max<string | number | null>('updated_at').as('last_change'),
      ])
      .where('account_id', '=', accountId)
      .groupBy('section')
      .execute();
    // PostgreSQL answers sums and bigint maxima as text.
    return rows.map((row) => ({
      section: row.section,
      count: Number(row.count),
      lastChange: row.last_change === null ? null : Number(row.last_change),
    }));
  }

  async insert(row: NewItemRow): Promise<void> {
    await this.db.insertInto('media_items').values(row).execute();
  }

  async get(accountId: string, id: string): Promise<ItemRow | undefined> {
    return this.ofAccount(accountId).where('id', '=', id).executeTakeFirst();
  }

  async byId(id: string): Promise<ItemRow | undefined> {
    return this.db.selectFrom('media_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async getMany(accountId: string, ids: readonly string[]): Promise<ItemRow[]> {
    if (ids.length === 0) return [];
    return this.ofAccount(accountId).where('id', 'in', ids).execute();
  }

  async update(accountId: string, id: string, changes: Updateable<MediaItemsTable>): Promise<void> {
    await this.db
      .updateTable('media_items')
      .set(changes)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .execute();
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.db.deleteFrom('media_items').where('account_id', '=', accountId).where('id', '=', id).execute();
  }

  /** A live item of a section with these bytes: the gallery keeps each photo once, recordings each recording. */
  async liveItemWithBytes(accountId: string, section: MediaSection, sha256: string): Promise<ItemRow | undefined> {
    return this.ofAccount(accountId)
      .where('sha256', '=', sha256)
      .where('section', '=', section)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** The live file of that name in a folder (null: the root). */
  async liveFileNamed(accountId: string, folderId: string | null, name: string): Promise<ItemRow | undefined> {
    return this.ofAccount(accountId)
      .where('section', '=', 'files')
      .where('folder_id', folderId === null ? 'is' : '=', folderId)
      .where('name', '=', name)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** Live items of a section, newest first; a gallery month is [from, to) in epoch ms. */
  async listLive(
    accountId: string,
    section: MediaSection,
    page: TimePage,
    filter: { from?: number; to?: number; album?: string } = {},
  ): Promise<ItemRow[]> {
    let query = this.ofAccount(accountId).where('section', '=', section).where('deleted_at', 'is', null);
    if (filter.from !== undefined) query = query.where('taken_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('taken_at', '<', filter.to);
    if (filter.album !== undefined) query = query.where('album', '=', filter.album);
    const after = page.after;
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('taken_at', '<', after.takenAt),
          eb.and([eb('taken_at', '=', after.takenAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    return query.orderBy('taken_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  }

  /** The gallery's months, newest first, with their counts. */
  async months(accountId: string, album?: string): Promise<{ month: string; count: number }[]> {
    let query = this.db
      .selectFrom('media_items')
      .select((eb) => ['taken_month', eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId)
      .where('section', '=', 'gallery')
      .where('deleted_at', 'is', null);
    if (album !== undefined) query = query.where('album', '=', album);
    const rows = await query.groupBy('taken_month').orderBy('taken_month', 'desc').execute();
    return rows.map((row) => ({ month: row.taken_month, count: row.count }));
  }

  async albums(accountId: string): Promise<{ name: string; count: number; coverId: string }[]> {
    const rows = await this.db
      .selectFrom('media_items')
      .select((eb) => ['album', eb.fn.countAll<number>().as('count'), eb.fn.max('id').as('cover_id')])
      .where('account_id', '=', accountId)
      .where('section', '=', 'gallery')
      .where('deleted_at', 'is', null)
      .where('album', 'is not', null)
      .groupBy('album')
      .orderBy('album')
      .execute();
    return rows.map((row) => ({ name: row.album ?? '', count: row.count, coverId: row.cover_id }));
  }

  /** Live files in a folder (null: the root), by name. */
  async filesIn(accountId: string, folderId: string | null): Promise<ItemRow[]> {
    return this.ofAccount(accountId)
      .where('section', '=', 'files')
      .where('folder_id', folderId === null ? 'is' : '=', folderId)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
  }

  /** Live files in any of these folders, for taking a folder tree to the bin. */
  async liveFilesInFolders(accountId: string, folderIds: readonly string[]): Promise<ItemRow[]> {
    if (folderIds.length === 0) return [];
    return this.ofAccount(accountId).where('folder_id', 'in', folderIds).where('deleted_at', 'is', null).execute();
  }

  /** What went to the bin with a folder. */
  async trashedWith(accountId: string, folderId: string): Promise<ItemRow[]> {
    return this.ofAccount(accountId).where('trashed_with', '=', folderId).execute();
  }

  /** What the owner deleted (not what went along with a folder), most recent first. */
  async binned(accountId: string, limit: number): Promise<ItemRow[]> {
    return this.ofAccount(accountId)
      .where('deleted_at', 'is not', null)
      .where('trashed_with', 'is', null)
      .orderBy('deleted_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Items in the bin since before `cutoff`, oldest first: the purge's work. */
  async binnedBefore(cutoff: number, limit: number): Promise<ItemRow[]> {
    return this.db
      .selectFrom('media_items')
      .selectAll()
      .where('deleted_at', '<', cutoff)
      .orderBy('deleted_at')
      .limit(limit)
      .execute();
  }

  /** The picture state of the account's items with these bytes (pictures are per blob, states per account). */
  async setThumbnail(accountId: string, sha256: string, state: string, now: number): Promise<void> {
    await this.db
      .updateTable('media_items')
      .set({ thumbnail: state, updated_at: now })
      .where('account_id', '=', accountId)
      .where('sha256', '=', sha256)
      .where('thumbnail', 'in', ['pending', 'failed', 'none'])
      .execute();
  }

  /** What the account's items add up to by where they are: the storage page's breakdown, from the items themselves. */
  async countSections(accountId: string): Promise<Record<MediaSection | 'bin', number>> {
    const bucket = sql<string>`case when deleted_at is null then section else 'bin' end`;
    const rows = await this.db
      .selectFrom('media_items')
      .select((eb) => [bucket.as('bucket'), eb.fn.sum<string | number>('size').as('bytes')])
      .where('account_id', '=', accountId)
      .groupBy(bucket)
      .execute();
    const bytesOf = (name: string) => Number(rows.find((row) => row.bucket === name)?.bytes ?? 0);
    return {
      gallery: bytesOf('gallery'),
      recordings: bytesOf('recordings'),
      files: bytesOf('files'),
      bin: bytesOf('bin'),
    };
  }
}
