import type { MediaSelection } from '@nimbus/protocol';
import type { QueryClient } from '@tanstack/react-query';
import { sendJson } from '../api';
import { ACCOUNT_QUERY_KEY } from '../query-client';

/** Every media query (gallery, recordings, files, bin, storage) starts with this key. */
export const MEDIA_QUERY_KEY = [...ACCOUNT_QUERY_KEY, 'media'] as const;
export const STORAGE_QUERY_KEY = [...MEDIA_QUERY_KEY, 'storage'] as const;

/** The address of an item's bytes: to play or show in the page, or (download) to save under its name. */
export function contentUrl(id: string, download = false): string {
  return `/api/v1/media/items/${encodeURIComponent(id)}/content${download ? '?download=true' : ''}`;
}

/** Moves items and whole folders (with what they hold) to the recycle bin. */
export function trashMedia(selection: MediaSelection) {
  return sendJson<{ items: number; folders: number }>('POST', '/api/v1/media/trash', selection);
}

/** Brings items and folders back from the recycle bin. */
export function restoreMedia(selection: MediaSelection) {
  return sendJson<{ items: number; folders: number }>('POST', '/api/v1/media/bin/restore', selection);
}

/** After media changed: every list, the bin and the storage figures read again. */
export function refreshMedia(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: MEDIA_QUERY_KEY });
}
