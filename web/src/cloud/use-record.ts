import type { Category, SyncRecord } from '@nimbus/protocol';
import {
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { getRecord, recordKeys, type RecordOf } from './records-api';

interface Page<C extends Category> {
  records: RecordOf<C>[];
  next: string | null;
}

/** The record as a live list already showed it, so opening it from the list shows it at once. */
function fromLists<C extends Category>(queryClient: QueryClient, category: C, id: string): RecordOf<C> | undefined {
  const lists = queryClient.getQueriesData<InfiniteData<Page<C>>>({
    queryKey: [...recordKeys.category(category), 'list'],
    predicate: (query) => (query.queryKey[4] as { bin?: boolean } | undefined)?.bin !== true,
  });
  for (const [, data] of lists) {
    for (const page of data?.pages ?? []) {
      const found = page.records.find((record) => record.id === id);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** One record, fresh from the server, shown from the list's copy while it loads. */
export function useRecord<C extends Category>(category: C, id: string): UseQueryResult<RecordOf<C>> {
  const queryClient = useQueryClient();
  // Typed as any record inside: TanStack's placeholder types do not narrow a generic category.
  return useQuery<SyncRecord>({
    queryKey: recordKeys.one(category, id),
    queryFn: ({ signal }) => getRecord(category, id, signal),
    placeholderData: () => fromLists(queryClient, category, id),
  }) as UseQueryResult<RecordOf<C>>;
}

/** After a change: the record as saved, and every list of its category read again. */
export async function noteSaved<C extends Category>(queryClient: QueryClient, record: RecordOf<C>): Promise<void> {
  queryClient.setQueryData(recordKeys.one(record.category, record.id), record);
  await queryClient.invalidateQueries({
    queryKey: recordKeys.category(record.category),
    predicate: (query) => query.queryKey[3] === 'list',
  });
}

/** After a deletion or a restore: the category's lists, live and binned, and its open records read again. */
export function refreshCategory(queryClient: QueryClient, category: Category): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: recordKeys.category(category) });
}
