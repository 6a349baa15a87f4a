import type { Folder, MediaBin, MediaItem, MediaSection, MediaSelection } from '@nimbus/protocol';
import { useQuery } from '@tanstack/react-query';
import { getJson, sendJson } from '../../api';
import { mediaKeys } from '../gallery/gallery-api';

export type MediaTab = MediaSection;
export const MEDIA_TABS = ['gallery', 'recordings', 'files'] as const satisfies readonly MediaSection[];

/** What is in the media bin: items and folders, with how long the bin keeps them. */
export function useMediaBin() {
  return useQuery({
    queryKey: mediaKeys.bin,
    queryFn: ({ signal }) => getJson<MediaBin>('/api/v1/media/bin', { signal }),
  });
}

export const restoreMedia = (selection: MediaSelection) =>
  sendJson<{ items: number; folders: number }>('POST', '/api/v1/media/bin/restore', selection);

export const deleteMediaForever = (selection: MediaSelection) =>
  sendJson<{ items: number; folders: number }>('POST', '/api/v1/media/bin/delete', selection);

/** One line of the media bin: an item, or a folder with everything that was in it. */
export type MediaBinEntry = { type: 'item'; item: MediaItem } | { type: 'folder'; folder: Folder };

/** The entries of one tab, the latest deleted first (folders go with files). */
export function entriesOf(bin: MediaBin, tab: MediaTab): MediaBinEntry[] {
  const items = bin.items.filter((item) => item.section === tab).map((item): MediaBinEntry => ({ type: 'item', item }));
  const folders = tab === 'files' ? bin.folders.map((folder): MediaBinEntry => ({ type: 'folder', folder })) : [];
  const deletedAt = (entry: MediaBinEntry) =>
    (entry.type === 'item' ? entry.item.deletedAt : entry.folder.deletedAt) ?? '';
  return [...folders, ...items].sort((a, b) => deletedAt(b).localeCompare(deletedAt(a)));
}

export const selectionOf = (entries: readonly MediaBinEntry[]): MediaSelection => ({
  ids: entries.flatMap((entry) => (entry.type === 'item' ? [entry.item.id] : [])),
  folderIds: entries.flatMap((entry) => (entry.type === 'folder' ? [entry.folder.id] : [])),
});

/** When the bin lets go of something deleted at `deletedAt`. */
export function purgeDate(deletedAt: string, retentionDays: number): Date {
  return new Date(Date.parse(deletedAt) + retentionDays * 86_400_000);
}
