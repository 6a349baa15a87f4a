import type { DeviceList, SendMessageRequest, SyncRecord, ThreadList } from '@nimbus/protocol';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

export type MessageRecord = Extract<SyncRecord, { category: 'messages' }>;

const MESSAGES_KEY = [...ACCOUNT_QUERY_KEY, 'records', 'messages'] as const;
const THREADS_KEY = [...MESSAGES_KEY, 'threads'] as const;
const THREAD_PAGE = 50;

/** Statuses the phone has yet to settle: the thread is asked again until they turn sent or failed. */
const UNSETTLED = new Set(['queued', 'sending']);
const POLL_MS = 3000;
const PHONES_REFRESH_MS = 30_000;

/**
 * The key the server groups a thread by: the address's digits (with a leading +), or the
 * lower-cased sender name; the same rule as the server's, so a sent message's thread can be opened.
 */
export function threadKeyOf(address: string): string {
  const digits = address.replace(/[^\d+]/g, '');
  return digits === '' ? address.toLowerCase() : digits;
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, value);
  return search.toString();
};

/** Conversations, the latest first, paged; `search` finds numbers, names and words. */
export function useThreads(search: string) {
  return useInfiniteQuery({
    queryKey: [...THREADS_KEY, search],
    queryFn: ({ pageParam, signal }) =>
      getJson<ThreadList>(`/api/v1/messages/threads?${query({ q: search, after: pageParam, limit: '30' })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** One conversation's messages in pages of the newest first; asked again while any is still on its way. */
export function useThreadMessages(key: string) {
  return useInfiniteQuery({
    queryKey: [...MESSAGES_KEY, 'thread', key],
    queryFn: ({ pageParam, signal }) =>
      getJson<{ records: MessageRecord[]; next: string | null }>(
        `/api/v1/records/messages?${query({ group: key, after: pageParam, limit: String(THREAD_PAGE) })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    refetchInterval: ({ state }) =>
      state.data?.pages.some((page) => page.records.some((record) => UNSETTLED.has(record.data.status)))
        ? POLL_MS
        : false,
  });
}

/** The account's phones that sync messages, so can send one. */
export function useMessagingPhones() {
  return useQuery({
    queryKey: [...MESSAGES_KEY, 'phones'],
    queryFn: ({ signal }) => getJson<DeviceList>('/api/v1/devices', { signal }),
    select: ({ devices }) => devices.filter((device) => device.sync.messages),
    // Whether each is online changes while the form is open.
    refetchInterval: PHONES_REFRESH_MS,
  });
}

/**
 * Marks every message of a conversation read, as opening it on a phone does: the list's unread
 * count goes, and the phones learn it when they next sync.
 */
export function useMarkThreadRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) =>
      sendJson<{ updated: number }>('POST', `/api/v1/messages/threads/${encodeURIComponent(key)}/read`),
    onSuccess: (_result, key) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: THREADS_KEY }),
        queryClient.invalidateQueries({ queryKey: [...MESSAGES_KEY, 'thread', key] }),
      ]),
  });
}

/** Queues a text on a phone; the thread lists it as queued until the phone reports back. */
export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SendMessageRequest) =>
      sendJson<{ record: MessageRecord }>('POST', '/api/v1/messages', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MESSAGES_KEY }),
  });
}
