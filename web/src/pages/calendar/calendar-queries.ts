import type { RecordList } from '@nimbus/protocol';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { getJson, sendJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';
import type { EventRecord } from './occurrences';

const CALENDAR_KEY = [...ACCOUNT_QUERY_KEY, 'records', 'calendar'] as const;
const PAGE = 200;
const DAY_MS = 86_400_000;

/**
 * The events that touch the days from `from` to `to` (exclusive): the one-off ones in that time and
 * every repeating one, which the page expands. Only the shown range is read, never the years before
 * it; a busy range comes in pages, all of them asked for at once. While another range loads, the
 * last one stays shown.
 */
export function useEventsIn(from: Date, to: Date) {
  // The server compares all-day dates ("2026-11-02") as they are and times in UTC, so a day's margin
  // either side keeps an all-day event seen from any time zone; the page cuts to the exact days.
  const after = new Date(from.getTime() - DAY_MS).toISOString();
  const before = new Date(to.getTime() + DAY_MS).toISOString();
  const events = useInfiniteQuery({
    queryKey: [...CALENDAR_KEY, 'range', after, before],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ from: after, to: before, limit: String(PAGE) });
      if (pageParam !== undefined) params.set('after', pageParam);
      return getJson<RecordList>(`/api/v1/records/calendar?${params.toString()}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const records = useMemo(
    () =>
      (events.data?.pages.flatMap((page) => page.records) ?? []).filter(
        (record): record is EventRecord => record.category === 'calendar',
      ),
    [events.data],
  );
  const { fetchNextPage, hasNextPage, isFetchingNextPage, isPlaceholderData, isSuccess } = events;
  // Another range's pages are no guide to this one's: only this range's own pages lead on. A page
  // that fails turns the query to an error, which stops this until the owner retries.
  const more = isSuccess && !isPlaceholderData && hasNextPage;
  useEffect(() => {
    if (more && !isFetchingNextPage) void fetchNextPage();
  }, [more, isFetchingNextPage, fetchNextPage]);
  const covered = isSuccess && !isPlaceholderData && !hasNextPage;
  return { events, records, covered };
}

/** Stores an event: a new one, or a change made on `baseVersion` (409 with the server's copy when it moved on). */
export function useSaveEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, baseVersion, ics }: { id: string | null; baseVersion: number | null; ics: string }) =>
      id === null
        ? sendJson<{ record: EventRecord }>('POST', '/api/v1/records/calendar', { data: { ics } })
        : sendJson<{ record: EventRecord }>('PUT', `/api/v1/records/calendar/${encodeURIComponent(id)}`, {
            baseVersion,
            data: { ics },
          }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CALENDAR_KEY }),
  });
}

/** Moves an event to the recycle bin, unless it changed since `version`. */
export function useDeleteEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (record: EventRecord) =>
      sendJson('DELETE', `/api/v1/records/calendar/${encodeURIComponent(record.id)}?baseVersion=${record.version}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CALENDAR_KEY }),
  });
}

/** Brings a deleted event back from the recycle bin. */
export function useRestoreEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      sendJson<{ record: EventRecord }>('POST', `/api/v1/records/calendar/${encodeURIComponent(id)}/restore`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CALENDAR_KEY }),
  });
}
