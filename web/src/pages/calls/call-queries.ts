import type { CallType, SyncRecord } from '@nimbus/protocol';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

export type CallRecord = Extract<SyncRecord, { category: 'calls' }>;

/** The kinds a phone logs, in the order the filter offers them (kept here: the protocol's list brings zod along). */
export const CALL_TYPES = [
  'incoming',
  'outgoing',
  'missed',
  'rejected',
  'blocked',
] as const satisfies readonly CallType[];

const PAGE = 50;

/** The call log, newest first, in pages; `type` keeps one kind, `search` finds numbers and names. */
export function useCalls(type: CallType | null, search: string) {
  return useInfiniteQuery({
    queryKey: [...ACCOUNT_QUERY_KEY, 'records', 'calls', { type, search }],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (type !== null) params.set('group', type);
      if (search !== '') params.set('q', search);
      if (pageParam !== undefined) params.set('after', pageParam);
      return getJson<{ records: CallRecord[]; next: string | null }>(`/api/v1/records/calls?${params.toString()}`, {
        signal,
      });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}
