import type { MediaItem, MediaItemList } from '@nimbus/protocol';
import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getAlbums, getItem, getMonthPage, getTimeline, mediaKeys } from './gallery-api';

/** While a thumbnail is being made, what shows it is asked again this often. */
export const PENDING_POLL_MS = 2000;

const hasPending = (items: readonly MediaItem[]) => items.some((item) => item.thumbnail === 'pending');

export function useTimeline(album: string | null) {
  return useQuery({ queryKey: mediaKeys.timeline(album), queryFn: ({ signal }) => getTimeline(album, signal) });
}

export function useAlbums() {
  return useQuery({ queryKey: mediaKeys.albums, queryFn: ({ signal }) => getAlbums(signal) });
}

function monthQueryOptions(album: string | null, month: string) {
  return {
    queryKey: mediaKeys.month(album, month),
    queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
      getMonthPage(album, month, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: MediaItemList) => last.next,
    // Rows come and go while scrolling: each must not fetch the month again. Changes invalidate it.
    staleTime: Infinity,
  };
}

/** A month's pages as a query of their own, for whoever must walk it to its end (the viewer). */
export function useMonthQuery(album: string | null, month: string | null) {
  return useInfiniteQuery({ ...monthQueryOptions(album, month ?? ''), enabled: month !== null });
}

/** The loaded items of a month, newest first (pages are fetched by its MonthLoader). */
export function useMonthItems(album: string | null, month: string): MediaItem[] {
  const { data } = useInfiniteQuery(monthQueryOptions(album, month));
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/**
 * Loads a month's pages until `needed` items are there (the rows on screen ask for them), and
 * asks again while any of its thumbnails is still being made. Renders nothing.
 */
export function MonthLoader({ album, month, needed }: { album: string | null; month: string; needed: number }) {
  const query = useInfiniteQuery({
    ...monthQueryOptions(album, month),
    refetchInterval: (current) =>
      hasPending(current.state.data?.pages.flatMap((page) => page.items) ?? []) ? PENDING_POLL_MS : false,
  });
  const loaded = query.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  const { hasNextPage, isFetching, fetchNextPage } = query;
  useEffect(() => {
    if (loaded < needed && hasNextPage && !isFetching) void fetchNextPage({ cancelRefetch: false });
  }, [loaded, needed, hasNextPage, isFetching, fetchNextPage]);
  return null;
}

/** One item, live or in the bin; asked again while its thumbnail is being made. */
export function useMediaItem(id: string | null) {
  return useQuery({
    queryKey: mediaKeys.item(id ?? ''),
    queryFn: ({ signal }) => getItem(id ?? '', signal),
    enabled: id !== null,
    refetchInterval: (current) => (current.state.data?.thumbnail === 'pending' ? PENDING_POLL_MS : false),
  });
}

/** The items of the timeline already loaded, in its order: what previous/next and shift-click walk. */
export function loadedItems(queryClient: QueryClient, album: string | null, months: readonly string[]): MediaItem[] {
  return months.flatMap(
    (month) =>
      queryClient
        .getQueryData<InfiniteData<MediaItemList, string | null>>(mediaKeys.month(album, month))
        ?.pages.flatMap((page) => page.items) ?? [],
  );
}

/** After an upload, a deletion or a restore: every gallery list is read again. */
export function refreshGallery(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: mediaKeys.all });
}
