import { useDebouncedValue } from '@mantine/hooks';
import type { Category } from '@nimbus/protocol';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listRecords, recordKeys, type ListFilter } from './records-api';

/** Records shown per page: a screenful or two; "Load more" asks for the next. */
export const PAGE_SIZE = 50;

/** Waits this long after the last key before searching, so typing a name is one request, not six. */
const SEARCH_DELAY_MS = 300;

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

/** A category's records as searched by what is typed (`search`); `q` is the search the list shows. */
export function useRecordSearch<C extends Category>(category: C) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const list = useRecordList(category, { q });
  return { search, setSearch, q, list };
}
