import type { Category } from '@nimbus/protocol';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { listRecords, recordKeys, type ListFilter } from './records-api';

/** Records shown per page: a screenful or two; "Load more" asks for the next. */
export const PAGE_SIZE = 50;

/**
 * A category's records page by page (never all at once: an account may hold 10,000 contacts).
 * While a new search loads, the previous results stay on screen.
 */
export function useRecordList<C extends Category>(category: C, filter: ListFilter) {
  const query = useInfiniteQuery({
    queryKey: recordKeys.list(category, filter),
    queryFn: ({ pageParam, signal }) => listRecords(category, filter, { after: pageParam, limit: PAGE_SIZE, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
  });
  const records = query.data?.pages.flatMap((page) => page.records) ?? [];
  return { ...query, records };
}
