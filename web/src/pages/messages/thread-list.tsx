import type { Thread } from '@nimbus/protocol';
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMessageCircle, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ListSkeleton, LoadError, LoadMore } from '../../cloud/list-states';
import { SearchField } from '../../cloud/search-field';
import { useListTime } from './day-time';
import { useThreads } from './message-queries';
import classes from './messages.module.css';

function ThreadRow({ thread, selected }: { thread: Thread; selected: boolean }) {
  const { t } = useTranslation();
  const listTime = useListTime();
  const last = thread.last.category === 'messages' ? thread.last.data : null;
  const preview = last === null ? '' : last.direction === 'out' ? t('messages.you', { text: last.body }) : last.body;
  return (
    <li>
      <UnstyledButton
        component={Link}
        to={`/messages?thread=${encodeURIComponent(thread.key)}`}
        className={classes.thread}
        data-selected={selected || undefined}
        aria-current={selected ? 'true' : undefined}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={thread.unread > 0 ? 700 : 600} truncate dir="ltr" className={classes.address}>
            {thread.address}
          </Text>
          {last !== null && (
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              <time dateTime={last.time}>{listTime(last.time)}</time>
            </Text>
          )}
        </Group>
        <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
          <Text size="sm" c={thread.unread > 0 ? undefined : 'dimmed'} lineClamp={1} style={{ minWidth: 0 }}>
            {preview}
          </Text>
          {thread.unread > 0 && (
            <Badge size="sm" circle={thread.unread < 10} aria-label={t('messages.unread', { count: thread.unread })}>
              {thread.unread}
            </Badge>
          )}
        </Group>
      </UnstyledButton>
    </li>
  );
}

/** The conversations, the latest first, with a search over numbers, names and words. */
export function ThreadList({ selectedKey }: { selectedKey: string | null }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const threads = useThreads(debounced);
  const all = threads.data?.pages.flatMap((page) => page.threads) ?? [];

  return (
    <Stack gap="sm">
      <SearchField
        label={t('messages.search')}
        placeholder={t('messages.searchPlaceholder')}
        value={search}
        onChange={setSearch}
        searching={threads.isPlaceholderData && threads.isFetching}
      />
      {threads.isPending ? (
        <ListSkeleton rows={5} height={60} />
      ) : threads.isError && threads.data === undefined ? (
        <LoadError error={threads.error} onRetry={() => void threads.refetch()} />
      ) : all.length === 0 ? (
        debounced === '' ? (
          <EmptyState icon={IconMessageCircle} title={t('messages.emptyTitle')} text={t('messages.emptyText')} />
        ) : (
          <EmptyState icon={IconSearch} title={t('messages.noMatches')} text={t('messages.noMatchesText')} />
        )
      ) : (
        <>
          <Stack
            component="ul"
            gap={4}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={t('messages.threadsLabel')}
          >
            {all.map((thread) => (
              <ThreadRow key={thread.key} thread={thread} selected={thread.key === selectedKey} />
            ))}
          </Stack>
          <LoadMore
            hasMore={threads.hasNextPage}
            loading={threads.isFetchingNextPage}
            onLoad={() => void threads.fetchNextPage()}
            failed={threads.isFetchNextPageError ? threads.error : undefined}
          />
        </>
      )}
    </Stack>
  );
}
