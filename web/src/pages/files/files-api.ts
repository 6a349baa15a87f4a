import type { Folder, FolderListing, MediaItem } from '@nimbus/protocol';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, sendJson } from '../../api';
import { MEDIA_QUERY_KEY } from '../../media/media-api';

export const FILES_QUERY_KEY = [...MEDIA_QUERY_KEY, 'files'] as const;

/** A folder's listing (the root when null): its path, folders and files. */
export function fetchFolder(folderId: string | null, signal?: AbortSignal): Promise<FolderListing> {
  const query = folderId === null ? '' : `?folderId=${encodeURIComponent(folderId)}`;
  return getJson<FolderListing>(`/api/v1/media/files${query}`, { signal });
}

export function useFolder(folderId: string | null) {
  return useQuery({
    queryKey: [...FILES_QUERY_KEY, folderId],
    queryFn: ({ signal }) => fetchFolder(folderId, signal),
    placeholderData: keepPreviousData,
  });
}

export async function createFolder(name: string, parentId: string | null): Promise<Folder> {
  const { folder } = await sendJson<{ folder: Folder }>('POST', '/api/v1/media/folders', { name, parentId });
  return folder;
}

/** Renames a folder or moves it under another (null: the root). */
export async function updateFolder(id: string, changes: { name?: string; parentId?: string | null }): Promise<Folder> {
  const { folder } = await sendJson<{ folder: Folder }>(
    'PATCH',
    `/api/v1/media/folders/${encodeURIComponent(id)}`,
    changes,
  );
  return folder;
}

/** Renames a file or moves it to another folder (null: the root). */
export async function updateFile(id: string, changes: { name?: string; folderId?: string | null }): Promise<MediaItem> {
  const { item } = await sendJson<{ item: MediaItem }>(
    'PATCH',
    `/api/v1/media/items/${encodeURIComponent(id)}`,
    changes,
  );
  return item;
}

/** What a row of the Files page is: a folder or a file. */
export type FilesEntry = { kind: 'folder'; folder: Folder } | { kind: 'file'; file: MediaItem };

export const entryId = (entry: FilesEntry) => (entry.kind === 'folder' ? entry.folder.id : entry.file.id);
export const entryName = (entry: FilesEntry) => (entry.kind === 'folder' ? entry.folder.name : entry.file.name);
