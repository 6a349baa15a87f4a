import type { MediaSummary, RecordsSummary } from '@nimbus/protocol';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api';
import { MEDIA_QUERY_KEY } from '../../media/media-api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

/** Under the account's keys, forgotten at sign-out; read afresh each time the overview opens. */
export const RECORDS_SUMMARY_QUERY_KEY = [...ACCOUNT_QUERY_KEY, 'records', 'summary'] as const;
/** Under the media keys, which every upload and deletion invalidates. */
export const MEDIA_SUMMARY_QUERY_KEY = [...MEDIA_QUERY_KEY, 'summary'] as const;

/** How many records each category holds and when it last changed. */
export function useRecordsSummary() {
  return useQuery({
    queryKey: RECORDS_SUMMARY_QUERY_KEY,
    queryFn: ({ signal }) => getJson<RecordsSummary>('/api/v1/records/summary', { signal }),
  });
}

/** How many items the gallery, recordings and files hold and when each last changed. */
export function useMediaSummary() {
  return useQuery({
    queryKey: MEDIA_SUMMARY_QUERY_KEY,
    queryFn: ({ signal }) => getJson<MediaSummary>('/api/v1/media/summary', { signal }),
  });
}
