import type { MediaItemList } from '@nimbus/protocol';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getJson } from '../../api';
import { MEDIA_QUERY_KEY } from '../../media/media-api';

const PAGE = 50;

/** Voice memos and call recordings, newest first, a page at a time. */
export function useRecordings() {
  return useInfiniteQuery({
    queryKey: [...MEDIA_QUERY_KEY, 'recordings'],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (pageParam !== undefined) params.set('after', pageParam);
      return getJson<MediaItemList>(`/api/v1/media/recordings?${params.toString()}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
}
