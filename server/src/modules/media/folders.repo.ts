import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { MediaFoldersTable } from './media.tables.js';

export type FolderRow = Selectable<MediaFoldersTable>;

/** SQL of the folders of an account's files. */
export class FoldersRepo {
  constructor(readonly db: Db) {}

  /** Every row of the account: each query starts here, so none forgets whose rows it reads. */
  private ofAccount(accountId: string) {
    return this.db.selectFrom('media_folders').selectAll().where('account_id', '=', accountId);
  }

  async insert(row: Insertable<MediaFoldersTable>): Promise<void> {
    await this.db.insertInto('media_folders').values(row).execute();
  }

  async get(accountId: string, id: string): Promise<FolderRow | undefined> {
    return this.ofAccount(accountId).where('id', '=', id).executeTakeFirst();
  }

  async getMany(accountId: string, ids: readonly string[]): Promise<FolderRow[]> {
    if (ids.length === 0) return [];
    return this.ofAccount(accountId).where('id', 'in', ids).execute();
  }

  async update(accountId: string, id: string, changes: Updateable<MediaFoldersTable>): Promise<void> {
    await this.db
      .updateTable('media_folders')
      .set(changes)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .execute();
  }

  async delete(accountId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('media_folders').where('account_id', '=', accountId).where('id', 'in', ids).execute();
  }

  /** Live folders in a folder (null: the root), by name. */
  async liveChildren(accountId: string, parentIds: readonly (string | null)[]): Promise<FolderRow[]> {
    const ids = parentIds.filter((id): id is string => id !== null);
    const root = parentIds.includes(null);
    return this.ofAccount(accountId)
      .where('deleted_at', 'is', null)
      .where((eb) => {
        const conditions = [];
        if (ids.length > 0) conditions.push(eb('parent_id', 'in', ids));
        if (root) conditions.push(eb('parent_id', 'is', null));
        return conditions.length === 0 ? eb.lit(false) : eb.or(conditions);
      })
      .orderBy('name')
      .execute();
  }

  async liveNamed(accountId: string, parentId: string | null, name: string): Promise<FolderRow | undefined> {
    return this.ofAccount(accountId)
      .where('parent_id', parentId === null ? 'is' : '=', parentId)
      .where('name', '=', name)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async trashedWith(accountId: string, folderId: string): Promise<FolderRow[]> {
    return this.ofAccount(accountId).where('trashed_with', '=', folderId).execute();
  }

  async binned(accountId: string, limit: number): Promise<FolderRow[]> {
    return this.ofAccount(accountId)
      .where('deleted_at', 'is not', null)
      .where('trashed_with', 'is', null)
      .orderBy('deleted_at', 'desc')
      .limit(limit)
      .execute();
  }

  async binnedBefore(cutoff: number, limit: number): Promise<FolderRow[]> {
    return this.db
      .selectFrom('media_folders')
      .selectAll()
      .where('deleted_at', '<', cutoff)
      .orderBy('deleted_at')
      .limit(limit)
      .execute();
  }
}
