import type { RecordList } from '@nimbus/protocol';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { getJson, sendJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';
import type { EventRecord } from './occurrences';

const CALENDAR_KEY = [...ACCOUNT_QUERY_KEY, 'records', 'calendar'] as const;
const PAGE = 200;
const DAY_MS = 86_400_000;

/**
 * The account's events in the order they start, loaded page by page only as far as `until`:
 * a repeating event began before its first shown day, so everything up to the range is needed,
 * nothing after it.
 */
export function useEventsUntil(until: Date) {
  const events = useInfiniteQuery({
    queryKey: [...CALENDAR_KEY, 'by-start'],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (pageParam !== undefined) params.set('after', pageParam);
      return getJson<RecordList>(`/api/v1/records/calendar?${params.toString()}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const records = useMemo(
    () =>
      (events.data?.pages.flatMap((page) => page.records) ?? []).filter(
        (record): record is EventRecord => record.category === 'calendar',
      ),
    [events.data],
  );
  const last = records.at(-1);
  // Starts sort as text ("2026-11-02" or "2026-11-02T09:00:00.000Z"); a day's margin covers time zones.
  const horizon = new Date(until.getTime() + DAY_MS).toISOString();
  const covered = events.isSuccess && (!events.hasNextPage || (last !== undefined && last.projection.start > horizon));
  const { fetchNextPage, isFetchingNextPage, isError } = events;
  useEffect(() => {
    if (events.isSuccess && !covered && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [events.isSuccess, covered, isFetchingNextPage, isError, fetchNextPage]);
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
