import { FREE_BIN_DAYS, type MediaBin, type MediaSelection } from '@nimbus/protocol';
import type { FolderRow } from './folders.repo.js';
import type { ItemRow } from './items.repo.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import { DAY } from '../../core/time.js';
import type { UsageBreakdownDelta } from '../storage/index.js';
import { mediaRepos, type MediaDeps, type MediaRepos } from './media.deps.js';
import { MAX_DEPTH } from './library.service.js';
import { presentFolder, presentItem } from './media-view.js';

type UsageDelta = UsageBreakdownDelta;

interface Selection {
  ids: string[];
  folderIds: string[];
}
interface Counted {
  items: number;
  folders: number;
}

/** How long the bin keeps what is deleted: the plan's retention (Free until plans arrive). */
export const BIN_RETENTION_MS = FREE_BIN_DAYS * DAY;

/**
 * The recycle bin of media: deleting moves items and folder trees here (they still count toward the
 * quota); restoring brings them back; deleting for ever, or the purge after the retention, lets go of
 * their blobs.
 */
export class BinService {
  constructor(private readonly deps: MediaDeps) {}

  async list(accountId: string): Promise<MediaBin> {
    const repos = mediaRepos(this.deps.db);
    const [items, folders] = await Promise.all([
      repos.items.binned(accountId, 5000),
      repos.folders.binned(accountId, 5000),
    ]);
    return {
      items: items.map(presentItem),
      folders: folders.map(presentFolder),
      retentionDays: FREE_BIN_DAYS,
    };
  }

  /** Moves live items and folders (with everything inside) to the bin. */
  trash(accountId: string, selection: MediaSelection): Promise<Counted> {
    const { ids, folderIds } = selection as Selection;
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      await this.deps.storage.quota.lock(trx, accountId);
      const now = this.deps.clock.now();
      const delta: UsageDelta = {};
      const items = (await repos.items.getMany(accountId, ids)).filter((row) => row.deleted_at === null);
      for (const item of items) {
        await repos.items.update(accountId, item.id, { deleted_at: now, trashed_with: null, updated_at: now });
        move(delta, item, item.section, 'bin');
      }
      const folders = (await repos.folders.getMany(accountId, folderIds)).filter((row) => row.deleted_at === null);
      for (const folder of folders) {
        const inside = await liveDescendants(repos, accountId, folder.id);
        await repos.folders.update(accountId, folder.id, { deleted_at: now, trashed_with: null, updated_at: now });
        for (const inner of inside) {
          await repos.folders.update(accountId, inner.id, {
            deleted_at: now,
            trashed_with: folder.id,
            updated_at: now,
          });
        }
        const tree = [folder.id, ...inside.map((row) => row.id)];
        for (const item of await repos.items.liveFilesInFolders(accountId, tree)) {
          await repos.items.update(accountId, item.id, { deleted_at: now, trashed_with: folder.id, updated_at: now });
          move(delta, item, 'files', 'bin');
        }
      }
      await this.deps.storage.refs.addUsage(trx, accountId, delta);
      return { items: items.length, folders: folders.length };
    });
  }

  /** Brings items and folders back; whose folder is gone comes back to the root, renamed if the name is taken. */
  restore(accountId: string, selection: MediaSelection): Promise<Counted> {
    const { ids, folderIds } = selection as Selection;
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      await this.deps.storage.quota.lock(trx, accountId);
      const now = this.deps.clock.now();
      const delta: UsageDelta = {};
      const items = (await repos.items.getMany(accountId, ids)).filter(
        (row) => row.deleted_at !== null && row.trashed_with === null,
      );
      let restored = 0;
      for (const item of items) {
        if (item.section !== 'files' && (await repos.items.liveItemWithBytes(accountId, item.section, item.sha256))) {
          // The same photo or recording is back already: this copy has nothing to add.
          await this.forget(trx, accountId, item, delta);
          restored += 1;
          continue;
        }
        const place = item.section === 'files' ? await this.placeFile(repos, accountId, item) : {};
        await repos.items.update(accountId, item.id, { ...place, deleted_at: null, updated_at: now });
        move(delta, item, 'bin', item.section);
        restored += 1;
      }
      const folders = (await repos.folders.getMany(accountId, folderIds)).filter(
        (row) => row.deleted_at !== null && row.trashed_with === null,
      );
      for (const folder of folders) {
        const parentId = await liveOrRoot(repos, accountId, folder.parent_id);
        const name = await freeFolderName(repos, accountId, parentId, folder.name);
        await repos.folders.update(accountId, folder.id, {
          parent_id: parentId,
          name,
          deleted_at: null,
          updated_at: now,
        });
        for (const inner of await repos.folders.trashedWith(accountId, folder.id)) {
          await repos.folders.update(accountId, inner.id, { deleted_at: null, trashed_with: null, updated_at: now });
        }
        for (const item of await repos.items.trashedWith(accountId, folder.id)) {
          await repos.items.update(accountId, item.id, { deleted_at: null, trashed_with: null, updated_at: now });
          move(delta, item, 'bin', 'files');
        }
      }
      await this.deps.storage.refs.addUsage(trx, accountId, delta);
      return { items: restored, folders: folders.length };
    });
  }

  /** Deletes items and folders in the bin for ever, freeing their space. */
  deleteForever(accountId: string, selection: MediaSelection): Promise<Counted> {
    const { ids, folderIds } = selection as Selection;
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      await this.deps.storage.quota.lock(trx, accountId);
      const delta: UsageDelta = {};
      const items = (await repos.items.getMany(accountId, ids)).filter((row) => row.deleted_at !== null);
      for (const item of items) await this.forget(trx, accountId, item, delta);
      const folders = (await repos.folders.getMany(accountId, folderIds)).filter((row) => row.deleted_at !== null);
      for (const folder of folders) {
        for (const item of await repos.items.trashedWith(accountId, folder.id)) {
          await this.forget(trx, accountId, item, delta);
        }
        const inner = await repos.folders.trashedWith(accountId, folder.id);
        await repos.folders.delete(accountId, [folder.id, ...inner.map((row) => row.id)]);
      }
      await this.deps.storage.refs.addUsage(trx, accountId, delta);
      return { items: items.length, folders: folders.length };
    });
  }

  /**
   * Deletes for ever what has been in the bin longer than the retention, a batch per account at a
   * time; returns the bytes the items held (their blobs go once no item names them).
   */
  async purge(now: number): Promise<{ items: number; bytes: number }> {
    const cutoff = now - BIN_RETENTION_MS;
    const repos = mediaRepos(this.deps.db);
    let items = 0;
    let bytes = 0;
    for (;;) {
      const batch = await repos.items.binnedBefore(cutoff, 500);
      if (batch.length === 0) break;
      for (const [accountId, rows] of groupBy(batch, (row) => row.account_id)) {
        await transact(this.deps.db, async (trx) => {
          await this.deps.storage.quota.lock(trx, accountId);
          const delta: UsageDelta = {};
          for (const row of rows) await this.forget(trx, accountId, row, delta);
          await this.deps.storage.refs.addUsage(trx, accountId, delta);
        });
        items += rows.length;
        bytes += rows.reduce((sum, row) => sum + row.size, 0);
      }
    }
    for (;;) {
      const folders = await repos.folders.binnedBefore(cutoff, 500);
      if (folders.length === 0) break;
      for (const [accountId, rows] of groupBy(folders, (row: FolderRow) => row.account_id)) {
        await repos.folders.delete(
          accountId,
          rows.map((row) => row.id),
        );
      }
    }
    return { items, bytes };
  }

  /** Removes an item row and its reference to the blob. */
  private async forget(trx: Db, accountId: string, item: ItemRow, delta: UsageDelta): Promise<void> {
    await mediaRepos(trx).items.delete(accountId, item.id);
    const bucket = item.deleted_at === null ? item.section : 'bin';
    add(delta, bucket, -item.size);
    await this.deps.storage.refs.unref(trx, accountId, item.sha256, item.size);
  }

  private async placeFile(repos: MediaRepos, accountId: string, item: ItemRow) {
    const folderId = await liveOrRoot(repos, accountId, item.folder_id);
    let name = item.name;
    for (let copy = 2; await repos.items.liveFileNamed(accountId, folderId, name); copy += 1) {
      name = numbered(item.name, copy);
    }
    return { folder_id: folderId, name };
  }
}

async function liveDescendants(repos: MediaRepos, accountId: string, folderId: string): Promise<FolderRow[]> {
  const found = new Map<string, FolderRow>();
  let level = [folderId];
  for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth += 1) {
    // A folder met twice (a loop left by damage) is walked once.
    const children = (await repos.folders.liveChildren(accountId, level)).filter((child) => !found.has(child.id));
    for (const child of children) found.set(child.id, child);
    level = children.map((child) => child.id);
  }
  return [...found.values()];
}

async function liveOrRoot(repos: MediaRepos, accountId: string, folderId: string | null): Promise<string | null> {
  if (folderId === null) return null;
  const folder = await repos.folders.get(accountId, folderId);
  return folder?.deleted_at === null ? folderId : null;
}

async function freeFolderName(repos: MediaRepos, accountId: string, parentId: string | null, name: string) {
  let candidate = name;
  for (let copy = 2; await repos.folders.liveNamed(accountId, parentId, candidate); copy += 1) {
    candidate = numbered(name, copy);
  }
  return candidate;
}

/** "photo.jpg" → "photo (2).jpg". */
function numbered(name: string, copy: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${copy})${name.slice(dot)}` : `${name} (${copy})`;
}

function add(delta: UsageDelta, bucket: keyof UsageDelta, bytes: number): void {
  delta[bucket] = (delta[bucket] ?? 0) + bytes;
}

function move(delta: UsageDelta, item: ItemRow, from: string, to: string): void {
  add(delta, from as keyof UsageDelta, -item.size);
  add(delta, to as keyof UsageDelta, item.size);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
