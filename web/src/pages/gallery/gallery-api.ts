import type {
  AlbumList,
  MediaItem,
  MediaItemList,
  MediaItemResponse,
  MediaSelection,
  Timeline,
} from '@nimbus/protocol';
import { getJson, sendJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

/** Most items one gallery page may hold (MAX_MEDIA_LIST_LIMIT of the protocol; gallery-api.test.ts keeps them equal). */
export const GALLERY_PAGE_SIZE = 500;

/** Query keys under the account's, so signing out forgets every photo read. */
export const mediaKeys = {
  all: [...ACCOUNT_QUERY_KEY, 'media'] as const,
  gallery: [...ACCOUNT_QUERY_KEY, 'media', 'gallery'] as const,
  timeline: (album: string | null) => [...ACCOUNT_QUERY_KEY, 'media', 'gallery', 'timeline', album] as const,
  month: (album: string | null, month: string) =>
    [...ACCOUNT_QUERY_KEY, 'media', 'gallery', 'month', album, month] as const,
  albums: [...ACCOUNT_QUERY_KEY, 'media', 'gallery', 'albums'] as const,
  item: (id: string) => [...ACCOUNT_QUERY_KEY, 'media', 'item', id] as const,
  bin: [...ACCOUNT_QUERY_KEY, 'media', 'bin'] as const,
};

const signalOf = (signal?: AbortSignal) => (signal === undefined ? {} : { signal });
const itemPath = (id: string) => `/api/v1/media/items/${encodeURIComponent(id)}`;

/** The gallery's months with their counts, newest first. */
export function getTimeline(album: string | null, signal?: AbortSignal): Promise<Timeline> {
  const query = album === null ? '' : `?${new URLSearchParams({ album }).toString()}`;
  return getJson<Timeline>(`/api/v1/media/timeline${query}`, signalOf(signal));
}

/** One page of a month's items, newest first. */
export function getMonthPage(
  album: string | null,
  month: string,
  after: string | null,
  signal?: AbortSignal,
): Promise<MediaItemList> {
  const query = new URLSearchParams({ month, limit: String(GALLERY_PAGE_SIZE) });
  if (album !== null) query.set('album', album);
  if (after !== null) query.set('after', after);
  return getJson<MediaItemList>(`/api/v1/media/gallery?${query.toString()}`, signalOf(signal));
}

export function getAlbums(signal?: AbortSignal): Promise<AlbumList> {
  return getJson<AlbumList>('/api/v1/media/albums', signalOf(signal));
}

export async function getItem(id: string, signal?: AbortSignal): Promise<MediaItem> {
  const { item } = await getJson<MediaItemResponse>(itemPath(id), signalOf(signal));
  return item;
}

/** Moves items to the recycle bin. */
export function trashItems(selection: MediaSelection): Promise<{ items: number; folders: number }> {
  return sendJson('POST', '/api/v1/media/trash', selection);
}

/** The original bytes; `download` asks for an attachment with the item's name. */
export const contentUrl = (id: string, download = false) =>
  `${itemPath(id)}/content${download ? '?download=true' : ''}`;

/** The WebP picture of an item: a 320 px square thumbnail or a preview within 1440 px. */
export const thumbnailUrl = (id: string, size: 'thumb' | 'preview') => `${itemPath(id)}/thumbnail?size=${size}`;
