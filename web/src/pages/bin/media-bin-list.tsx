import { Button, Card, Group, Modal, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileMusic, IconFile, IconFolder, IconRestore, IconTrash, IconTrashX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ListSkeleton, LoadError } from '../../cloud/list-states';
import type { Notice } from '../../cloud/notice';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { mediaKeys } from '../gallery/gallery-api';
import { MediaPicture } from '../gallery/media-picture';
import { formatBytes } from '../../media/bytes';
import { useDocumentTop } from '../gallery/use-document-top';
import {
  deleteMediaForever,
  entriesOf,
  purgeDate,
  restoreMedia,
  selectionOf,
  useMediaBin,
  type MediaBinEntry,
  type MediaTab,
} from './media-bin-api';
import '../gallery/gallery.css';

interface MediaBinListProps {
  tab: MediaTab;
  /** The section's name, as the tab shows it. */
  name: string;
  onNotice: (notice: Notice | null) => void;
}

/** The key, name and deletion time of an entry. */
function describe(entry: MediaBinEntry) {
  return entry.type === 'item'
    ? { key: entry.item.id, name: entry.item.name, deletedAt: entry.item.deletedAt ?? entry.item.createdAt }
    : { key: entry.folder.id, name: entry.folder.name, deletedAt: entry.folder.deletedAt ?? entry.folder.createdAt };
}

/**
 * The photos, recordings, files and folders of one section in the recycle bin (a virtual list: a
 * bin may hold thousands), each restorable or deletable for ever, with the day it goes by itself.
 */
export function MediaBinList({ tab, name, onNotice }: MediaBinListProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const bin = useMediaBin();
  const dateTime = useDateTimeFormat();
  const day = useDateTimeFormat({ dateStyle: 'medium' });
  const [confirming, setConfirming] = useState<MediaBinEntry[] | null>(null);
  const listRef = useRef<HTMLUListElement | null>(null);
  const scrollMargin = useDocumentTop(listRef);
  const entries = bin.data === undefined ? [] : entriesOf(bin.data, tab);
  const virtualizer = useWindowVirtualizer({
    count: entries.length,
    estimateSize: () => 96,
    overscan: 8,
    scrollMargin,
    getItemKey: (index) => (entries[index] === undefined ? index : describe(entries[index]).key),
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: mediaKeys.all });
  const named = (chosen: readonly MediaBinEntry[]) =>
    chosen.length === 1 && chosen[0] !== undefined ? describe(chosen[0]).name : null;
  const restore = useMutation({
    mutationFn: (chosen: MediaBinEntry[]) => restoreMedia(selectionOf(chosen)),
    onMutate: () => onNotice(null),
    onSuccess: (_result, chosen) => {
      const one = named(chosen);
      onNotice({
        kind: 'done',
        text:
          one === null
            ? t('mediaBin.restored', { count: chosen.length, section: name })
            : t('mediaBin.restoredOne', { name: one, section: name }),
      });
    },
    onError: (error) =>
      onNotice({ kind: 'error', text: t('mediaBin.restoreFailed', { reason: describeError(t, error) }) }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (chosen: MediaBinEntry[]) => deleteMediaForever(selectionOf(chosen)),
    onMutate: () => onNotice(null),
    onSuccess: (_result, chosen) => {
      const one = named(chosen);
      onNotice({
        kind: 'done',
        text: one === null ? t('mediaBin.deleted', { count: chosen.length }) : t('mediaBin.deletedOne', { name: one }),
      });
    },
    onError: (error) =>
      onNotice({ kind: 'error', text: t('mediaBin.deleteFailed', { reason: describeError(t, error) }) }),
    onSettled: () => {
      setConfirming(null);
      return refresh();
    },
  });
  const busy = restore.isPending || remove.isPending;

  if (bin.isPending) return <ListSkeleton height={88} rows={4} />;
  if (bin.isError) return <LoadError error={bin.error} onRetry={() => void bin.refetch()} />;
  if (entries.length === 0) {
    return (
      <EmptyState icon={IconTrash} title={t('mediaBin.empty', { section: name })} text={t('mediaBin.emptyText')} />
    );
  }
  const retentionDays = bin.data.retentionDays;
  const confirmName = confirming === null ? null : named(confirming);

  return (
    <Stack gap="sm">
      <Group justify="flex-end" gap="xs" wrap="wrap">
        <Button
          variant="default"
          size="sm"
          leftSection={<IconRestore size={16} aria-hidden="true" />}
          onClick={() => restore.mutate(entries)}
          disabled={busy}
        >
          {t('mediaBin.restoreAll')}
        </Button>
        <Button
          color="red"
          variant="light"
          size="sm"
          leftSection={<IconTrashX size={16} aria-hidden="true" />}
          onClick={() => setConfirming(entries)}
          disabled={busy}
        >
          {t('mediaBin.deleteAll')}
        </Button>
      </Group>
      <Card padding={0}>
        <ul
          ref={listRef}
          className="cloud-list media-bin-list"
          aria-label={t('mediaBin.listLabel', { section: name })}
          style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
        >
          {virtualizer.getVirtualItems().map((virtualRow) => {
            const entry = entries[virtualRow.index];
            if (entry === undefined) return null;
            const { key, name: entryName, deletedAt } = describe(entry);
            return (
              <li
                key={key}
                data-index={virtualRow.index}
                ref={virtualizer.measureElement}
                className="media-bin-row"
                style={{ transform: `translateY(${virtualRow.start - scrollMargin}px)` }}
              >
                <Group gap="sm" p="sm" wrap="wrap" align="center">
                  <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 220px', minWidth: 0 }}>
                    <EntryPicture entry={entry} />
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-title>
                        {entryName}
                      </Text>
                      {entry.type === 'item' && (
                        <Text size="sm" c="dimmed">
                          {formatBytes(entry.item.size, i18n.resolvedLanguage)} · {dateTime(entry.item.takenAt)}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('mediaBin.deletedOn', {
                          date: dateTime(deletedAt),
                          purge: day(purgeDate(deletedAt, retentionDays)),
                        })}
                      </Text>
                    </Stack>
                  </Group>
                  <Group gap="xs" wrap="wrap">
                    <Button
                      variant="default"
                      size="sm"
                      leftSection={<IconRestore size={16} aria-hidden="true" />}
                      onClick={() => restore.mutate([entry])}
                      loading={restore.isPending && restore.variables.includes(entry)}
                      disabled={busy}
                      aria-label={t('mediaBin.restoreOne', { name: entryName })}
                    >
                      {t('bin.restore')}
                    </Button>
                    <Button
                      variant="subtle"
                      color="red"
                      size="sm"
                      onClick={() => setConfirming([entry])}
                      disabled={busy}
                      aria-label={t('mediaBin.deleteOne', { name: entryName })}
                    >
                      {t('mediaBin.delete')}
                    </Button>
                  </Group>
                </Group>
              </li>
            );
          })}
        </ul>
      </Card>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('mediaBin.confirm.title')}
        centered
      >
        <Stack gap="md">
          <Text>
            {confirmName === null
              ? t('mediaBin.confirm.many', { count: confirming?.length ?? 0 })
              : t('mediaBin.confirm.one', { name: confirmName })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('mediaBin.confirm.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => confirming !== null && remove.mutate(confirming)}
            >
              {t('mediaBin.confirm.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** A photo's or video's thumbnail; an icon for a recording, a file or a folder. */
function EntryPicture({ entry }: { entry: MediaBinEntry }) {
  if (entry.type === 'item' && (entry.item.kind === 'photo' || entry.item.kind === 'video')) {
    return (
      <div className="media-bin-thumb">
        <MediaPicture item={entry.item} size="thumb" alt="" compact />
      </div>
    );
  }
  const EntryIcon = entry.type === 'folder' ? IconFolder : entry.item.kind === 'audio' ? IconFileMusic : IconFile;
  return (
    <ThemeIcon size={56} variant="light" radius="md" aria-hidden="true">
      <EntryIcon size={28} stroke={1.5} />
    </ThemeIcon>
  );
}
