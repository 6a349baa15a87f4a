import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ListSkeleton, LoadError, LoadMore } from './list-states';
import { SearchField } from './search-field';

/** The parts of a searched record list (useRecordSearch) that the pane shows. */
interface ListState {
  records: readonly unknown[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  refetch: () => Promise<unknown>;
  fetchNextPage: () => Promise<unknown>;
}

interface RecordListPaneProps {
  searchLabel: string;
  searchPlaceholder: string;
  search: string;
  onSearch: (value: string) => void;
  list: ListState;
  /** How tall a loading row is, to match the rows that will replace it. */
  skeletonHeight?: number;
  /** Shown when there is nothing to list (no records, or none matching the search). */
  empty: ReactNode;
  /** The records themselves. */
  children: ReactNode;
}

/** A search field over a record list, with its loading, failure, empty and "Load more" states. */
export function RecordListPane({
  searchLabel,
  searchPlaceholder,
  search,
  onSearch,
  list,
  skeletonHeight,
  empty,
  children,
}: RecordListPaneProps) {
  return (
    <Stack gap="sm">
      <SearchField
        label={searchLabel}
        placeholder={searchPlaceholder}
        value={search}
        onChange={onSearch}
        searching={list.isFetching && list.isPlaceholderData}
      />
      {list.isPending ? (
        <ListSkeleton height={skeletonHeight} />
      ) : list.isError && list.records.length === 0 ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.records.length === 0 ? (
        empty
      ) : (
        <>
          {children}
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
            failed={list.isFetchNextPageError ? list.error : null}
          />
        </>
      )}
    </Stack>
  );
}
