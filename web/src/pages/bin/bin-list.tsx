import type { Category, SyncRecord } from '@nimbus/protocol';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconRestore, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ListSkeleton, LoadError, LoadMore } from '../../cloud/list-states';
import { useRecordList } from '../../cloud/use-record-list';
import { useDateTimeFormat } from '../../format';
import { binEntry, type BinFormats } from './bin-entry';

interface BinListProps {
  category: Category;
  /** The category's name, as the tab shows it. */
  name: string;
  onRestore: (record: SyncRecord) => void;
  /** The record being restored now. */
  restoring: string | null;
}

/** The deleted records of one category, the latest deleted first, each with when it was deleted and a way back. */
export function BinList({ category, name, onRestore, restoring }: BinListProps) {
  const { t } = useTranslation();
  const list = useRecordList(category, { bin: true });
  const dateTime = useDateTimeFormat();
  const day = useDateTimeFormat({ dateStyle: 'medium', timeZone: 'UTC' });
  const formats: BinFormats = { dateTime, day };

  if (list.isPending) return <ListSkeleton height={72} rows={4} />;
  if (list.isError && list.records.length === 0) {
    return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.records.length === 0) {
    return <EmptyState icon={IconTrash} title={t('bin.empty.title', { category: name })} text={t('bin.empty.text')} />;
  }
  return (
    <Stack gap="sm">
      <Card padding={0}>
        <ul className="cloud-list" aria-label={t('bin.listLabel', { category: name })}>
          {list.records.map((record) => {
            const entry = binEntry(t, record, formats);
            return (
              <li key={record.id}>
                <Group justify="space-between" gap="sm" p="md" wrap="wrap">
                  <Stack gap={2} style={{ flex: '1 1 220px', minWidth: 0 }}>
                    <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-title>
                      {entry.title}
                    </Text>
                    {entry.detail !== null && (
                      <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {entry.detail}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {t('bin.deletedAt')}: <time dateTime={record.updatedAt}>{dateTime(record.updatedAt)}</time>
                    </Text>
                  </Stack>
                  <Button
                    variant="default"
                    size="sm"
                    leftSection={<IconRestore size={16} aria-hidden="true" />}
                    onClick={() => onRestore(record)}
                    loading={restoring === record.id}
                    disabled={restoring !== null && restoring !== record.id}
                    aria-label={t('bin.restoreOne', { name: entry.title })}
                  >
                    {t('bin.restore')}
                  </Button>
                </Group>
              </li>
            );
          })}
        </ul>
      </Card>
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
        failed={list.isFetchNextPageError ? list.error : null}
      />
    </Stack>
  );
}
