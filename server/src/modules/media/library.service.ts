import type {
  AlbumList,
  Folder,
  FolderListing,
  MediaItem,
  MediaItemList,
  MediaSection,
  MediaSummary,
  Timeline,
} from '@nimbus/protocol';
import { MEDIA_SECTIONS } from '@nimbus/protocol';
import { conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { FolderRow } from './folders.repo.js';
import type { ItemRow } from './items.repo.js';
import { transact } from '../../core/db/transact.js';
import { mediaRepos, type MediaDeps, type MediaRepos } from './media.deps.js';
import { parseTimeCursor, presentFolder, presentItem, timeCursor } from './media-view.js';

/** Reading and arranging an account's media: the gallery, recordings, files and folders. */
export class LibraryService {
  private readonly repos: MediaRepos;

  constructor(private readonly deps: MediaDeps) {
    this.repos = mediaRepos(deps.db);
  }

  /** How many items each section holds and when it last changed: the portal's overview. */
  async summary(accountId: string): Promise<MediaSummary> {
    const rows = await this.repos.items.summary(accountId);
    const bySection = new Map(rows.map((row) => [row.section, row]));
    const sections = Object.fromEntries(
      MEDIA_SECTIONS.map((section) => {
        const row = bySection.get(section);
        const last = row?.lastChange ?? null;
        return [section, { count: row?.count ?? 0, lastChangeAt: last === null ? null : new Date(last).toISOString() }];
      }),
    ) as MediaSummary['sections'];
    return { sections };
  }

  timeline(accountId: string, album?: string): Promise<Timeline> {
    return this.repos.items.months(accountId, album).then((months) => ({ months }));
  }

  albums(accountId: string): Promise<AlbumList> {
    return this.repos.items.albums(accountId).then((albums) => ({ albums }));
  }

  /** Live items of a section, newest first, a page at a time; the gallery by month and album too. */
  async list(
    accountId: string,
    section: MediaSection,
    query: { month?: string; album?: string; after?: string; limit: number },
  ): Promise<MediaItemList> {
    const range = query.month === undefined ? {} : monthRange(query.month);
    const rows = await this.repos.items.listLive(
      accountId,
      section,
      { after: parseTimeCursor(query.after), limit: query.limit + 1 },
      { ...range, ...(query.album === undefined ? {} : { album: query.album }) },
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentItem),
      next: rows.length > query.limit && last !== undefined ? timeCursor(last) : null,
    };
  }

  /** One item, live or in the bin. */
  async item(accountId: string, id: string): Promise<ItemRow> {
    const row = await this.repos.items.get(accountId, id);
    if (row === undefined) throw notFound('There is no such item.');
    return row;
  }

  /** Renames, moves (files) or files under another album (gallery) a live item. */
  async updateItem(
    accountId: string,
    id: string,
    changes: { name?: string; folderId?: string | null; album?: string },
  ): Promise<MediaItem> {
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      // Arranging takes the account's lock, as deleting does: a move never races a folder into the bin.
      await this.deps.storage.quota.lock(trx, accountId);
      const row = await repos.items.get(accountId, id);
      if (row?.deleted_at !== null) throw notFound('There is no such item.');
      const name = changes.name ?? row.name;
      let folderId = row.folder_id;
      if (changes.folderId !== undefined && row.section === 'files') {
        folderId = changes.folderId;
        if (folderId !== null) await liveFolder(repos, accountId, folderId);
      }
      if (row.section === 'files' && (name !== row.name || folderId !== row.folder_id)) {
        const clash = await repos.items.liveFileNamed(accountId, folderId, name);
        if (clash !== undefined && clash.id !== id) throw conflict(`There is already a file named “${name}” there.`);
      }
      const album = row.section === 'gallery' ? (changes.album ?? row.album) : null;
      const now = this.deps.clock.now();
      await repos.items.update(accountId, id, { name, folder_id: folderId, album, updated_at: now });
      return presentItem({ ...row, name, folder_id: folderId, album, updated_at: now });
    });
  }

  async folder(accountId: string, folderId: string | null): Promise<FolderListing> {
    const folder = folderId === null ? null : await liveFolder(this.repos, accountId, folderId);
    const path: Folder[] = [];
    for (let parentId = folder?.parent_id ?? null; parentId !== null;) {
      const parent = await this.repos.folders.get(accountId, parentId);
      if (parent === undefined || path.length >= MAX_DEPTH) break;
      path.unshift(presentFolder(parent));
      parentId = parent.parent_id;
    }
    const [folders, files] = await Promise.all([
      this.repos.folders.liveChildren(accountId, [folderId]),
      this.repos.items.filesIn(accountId, folderId),
    ]);
    return {
      folder: folder === null ? null : presentFolder(folder),
      path,
      folders: folders.map(presentFolder),
      files: files.map(presentItem),
    };
  }

  async createFolder(accountId: string, name: string, parentId: string | null): Promise<Folder> {
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      await this.deps.storage.quota.lock(trx, accountId);
      if (parentId !== null) await liveFolder(repos, accountId, parentId);
      if ((await repos.folders.liveNamed(accountId, parentId, name)) !== undefined) {
        throw conflict(`There is already a folder named “${name}” there.`);
      }
      const now = this.deps.clock.now();
      const row: FolderRow = {
        id: newId(),
        account_id: accountId,
        parent_id: parentId,
        name,
        created_at: now,
        updated_at: now,
        deleted_at: null,
        trashed_with: null,
      };
      await repos.folders.insert(row);
      return presentFolder(row);
    });
  }

  /** Renames or moves a folder; never into itself or below itself. */
  async updateFolder(
    accountId: string,
    id: string,
    changes: { name?: string; parentId?: string | null },
  ): Promise<Folder> {
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      // Under the account's lock, two moves cannot each pass the check below and make a loop together.
      await this.deps.storage.quota.lock(trx, accountId);
      const folder = await liveFolder(repos, accountId, id);
      const name = changes.name ?? folder.name;
      const parentId = changes.parentId === undefined ? folder.parent_id : changes.parentId;
      const seen = new Set<string>();
      for (let ancestor = parentId; ancestor !== null;) {
        if (ancestor === id || seen.has(ancestor)) throw conflict('A folder cannot go inside itself.');
        if (seen.size >= MAX_DEPTH) throw conflict(`Folders nest at most ${MAX_DEPTH} deep.`);
        seen.add(ancestor);
        ancestor = (await liveFolder(repos, accountId, ancestor)).parent_id;
      }
      const clash = await repos.folders.liveNamed(accountId, parentId, name);
      if (clash !== undefined && clash.id !== id) throw conflict(`There is already a folder named “${name}” there.`);
      const now = this.deps.clock.now();
      await repos.folders.update(accountId, id, { name, parent_id: parentId, updated_at: now });
      return presentFolder({ ...folder, name, parent_id: parentId, updated_at: now });
    });
  }
}

/** How deep folders may nest; every walk up or down a tree stops here. */
export const MAX_DEPTH = 64;

async function liveFolder(repos: MediaRepos, accountId: string, id: string): Promise<FolderRow> {
  const folder = await repos.folders.get(accountId, id);
  if (folder?.deleted_at !== null) throw notFound('That folder does not exist.');
  return folder;
}

/** [start, end) of a 'YYYY-MM' month in UTC epoch ms. */
function monthRange(month: string): { from: number; to: number } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(year, monthNumber - 1, 1), to: Date.UTC(year, monthNumber, 1) };
}
