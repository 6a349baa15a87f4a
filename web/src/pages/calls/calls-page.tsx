import type { CallType } from '@nimbus/protocol';
import { Card, Chip, Divider, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPhoneCall, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ListSkeleton, LoadError, LoadMore } from '../../cloud/list-states';
import { CloudPageHeader } from '../../cloud/page-header';
import { SearchField } from '../../cloud/search-field';
import { usePageTitle } from '../../layout/page-title';
import { dayKey, useDayHeading } from '../messages/day-time';
import { CallRow } from './call-row';
import { CALL_TYPES, useCalls, type CallRecord } from './call-queries';

const ALL = 'all';

/** Calls under the day they happened, keeping the newest-first order. */
function byDay(calls: CallRecord[]): [string, CallRecord[]][] {
  const days = new Map<string, CallRecord[]>();
  for (const call of calls) {
    const day = dayKey(call.data.time);
    days.set(day, [...(days.get(day) ?? []), call]);
  }
  return [...days];
}

/** The phones' call log, newest first: one kind of call or all, searched by number or name, in pages. */
export function CallLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('calls.title'));
  const dayHeading = useDayHeading();
  const [type, setType] = useState<CallType | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const calls = useCalls(type, debounced);
  const all = calls.data?.pages.flatMap((page) => page.records) ?? [];
  const filtered = type !== null || debounced !== '';

  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader title={t('calls.title')} description={t('calls.description')} />
      <Stack gap="sm">
        <div style={{ maxWidth: 420 }}>
          <SearchField
            label={t('calls.search')}
            placeholder={t('calls.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            searching={calls.isPlaceholderData && calls.isFetching}
          />
        </div>
        <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <Text component="legend" size="sm" fw={500} mb={6} p={0}>
            {t('calls.show')}
          </Text>
          <Chip.Group
            multiple={false}
            value={type ?? ALL}
            onChange={(value) => setType(CALL_TYPES.find((kind) => kind === value) ?? null)}
          >
            <Group gap="xs">
              <Chip value={ALL} name="call-type" variant="outline">
                {t('calls.all')}
              </Chip>
              {CALL_TYPES.map((kind) => (
                <Chip key={kind} value={kind} name="call-type" variant="outline">
                  {t(`calls.filters.${kind}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </fieldset>
      </Stack>
      {calls.isPending ? (
        <ListSkeleton rows={6} height={64} />
      ) : calls.isError && calls.data === undefined ? (
        <LoadError error={calls.error} onRetry={() => void calls.refetch()} />
      ) : all.length === 0 ? (
        filtered ? (
          <EmptyState icon={IconSearch} title={t('calls.noMatches')} text={t('calls.noMatchesText')} />
        ) : (
          <EmptyState icon={IconPhoneCall} title={t('calls.emptyTitle')} text={t('calls.emptyText')} />
        )
      ) : (
        <Card padding={0} aria-busy={calls.isPlaceholderData && calls.isFetching}>
          {byDay(all).map(([day, dayCalls], index) => (
            <section key={day} aria-labelledby={`calls-${day}`}>
              {index > 0 && <Divider />}
              <Text
                component="h2"
                size="xs"
                fw={700}
                c="dimmed"
                tt="uppercase"
                px="md"
                pt="sm"
                m={0}
                id={`calls-${day}`}
              >
                {dayHeading(day)}
              </Text>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {dayCalls.map((call) => (
                  <CallRow key={call.id} call={call} />
                ))}
              </ul>
            </section>
          ))}
        </Card>
      )}
      <LoadMore
        hasMore={calls.hasNextPage}
        loading={calls.isFetchingNextPage}
        onLoad={() => void calls.fetchNextPage()}
        failed={calls.isFetchNextPageError ? calls.error : undefined}
      />
    </Stack>
  );
}
