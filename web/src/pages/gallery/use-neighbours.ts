import type { MediaItem } from '@nimbus/protocol';
import { useEffect } from 'react';
import { monthOf } from './timeline-layout';
import { useMonthQuery } from './use-gallery';

type MonthQuery = ReturnType<typeof useMonthQuery>;

const itemsOf = (query: MonthQuery) => query.data?.pages.flatMap((page) => page.items) ?? [];

/** Fetches the query's next page when `want` holds and it has one and is not already fetching. */
function useFetchWhile(query: MonthQuery, want: boolean) {
  const { hasNextPage, isFetching, fetchNextPage } = query;
  useEffect(() => {
    if (want && hasNextPage && !isFetching) void fetchNextPage({ cancelRefetch: false });
  }, [want, hasNextPage, isFetching, fetchNextPage]);
}

/**
 * The items before and after `item` in the timeline (newer and older), reaching into the months
 * around it, and loading pages as needed: the viewer's previous and next.
 */
export function useNeighbours(album: string | null, months: readonly string[], item: MediaItem | undefined) {
  const month = item === undefined ? null : monthOf(item.takenAt);
  const at = month === null ? -1 : months.indexOf(month);
  const newerMonth = at > 0 ? (months[at - 1] ?? null) : null;
  const olderMonth = at >= 0 && at < months.length - 1 ? (months[at + 1] ?? null) : null;

  const current = useMonthQuery(album, month);
  const newer = useMonthQuery(album, newerMonth);
  const older = useMonthQuery(album, olderMonth);
  const items = itemsOf(current);
  const index = item === undefined ? -1 : items.findIndex((candidate) => candidate.id === item.id);
  const atEnd = index >= 0 && index === items.length - 1;

  // Opened from a link, the item may be in a page not loaded yet; the newer month's last item needs all its pages.
  useFetchWhile(current, (item !== undefined && index === -1) || atEnd);
  useFetchWhile(newer, index === 0);

  let previous: MediaItem | undefined;
  let next: MediaItem | undefined;
  if (index >= 0) {
    previous = index > 0 ? items[index - 1] : newer.hasNextPage ? undefined : itemsOf(newer).at(-1);
    next = !atEnd ? items[index + 1] : current.hasNextPage ? undefined : itemsOf(older)[0];
  }
  return { previous, next };
}
