import type { MediaItem } from '@nimbus/protocol';
import { Button, Card, FileButton, Stack } from '@mantine/core';
import { IconMicrophone, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ListSkeleton, LoadError, LoadMore } from '../../cloud/list-states';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { refreshMedia, restoreMedia, trashMedia } from '../../media/media-api';
import { StorageFullNotice } from '../../media/storage-full-notice';
import { UploadList } from '../../media/upload-list';
import { uploadQueue } from '../../media/upload-queue';
import { RecordingPlayer } from './recording-player';
import { RecordingRow, useRecordingName } from './recording-row';
import { titleFromFileName } from './recording-title';
import { useRecordings } from './recordings-api';

/** Voice memos and call recordings, newest first, in pages; one player for the one being listened to. */
export function RecordingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('recordings.title'));
  const queryClient = useQueryClient();
  const recordings = useRecordings();
  const nameOf = useRecordingName();
  const [playing, setPlaying] = useState<MediaItem | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const items = recordings.data?.pages.flatMap((page) => page.items) ?? [];

  const upload = (files: File[]) => {
    setNotice(null);
    uploadQueue.add(files, (file) => ({ section: 'recordings', name: file.name, title: titleFromFileName(file.name) }));
  };

  const remove = async (item: MediaItem) => {
    const name = nameOf(item);
    try {
      await trashMedia({ ids: [item.id] });
      if (playing?.id === item.id) setPlaying(null);
      setNotice({
        kind: 'done',
        text: t('recordings.deleted', { name }),
        action: {
          label: t('recordsCommon.undo'),
          onClick: () => {
            restoreMedia({ ids: [item.id] })
              .then(async () => {
                setNotice({ kind: 'done', text: t('recordings.restored', { name }) });
                await refreshMedia(queryClient);
              })
              .catch((error: unknown) => setNotice({ kind: 'error', text: describeError(t, error) }));
          },
        },
      });
    } catch (error) {
      setNotice({ kind: 'error', text: describeError(t, error) });
    }
    await refreshMedia(queryClient);
  };

  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader
        title={t('recordings.title')}
        description={t('recordings.description')}
        actions={
          <FileButton onChange={upload} multiple accept="audio/*">
            {(props) => (
              <Button {...props} leftSection={<IconUpload size={18} aria-hidden="true" />}>
                {t('recordings.upload')}
              </Button>
            )}
          </FileButton>
        }
      />
      <StorageFullNotice />
      {notice !== null && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
      <UploadList section="recordings" />
      {playing !== null && <RecordingPlayer item={playing} name={nameOf(playing)} onClose={() => setPlaying(null)} />}
      {recordings.isPending ? (
        <ListSkeleton rows={6} height={72} />
      ) : recordings.data === undefined ? (
        <LoadError error={recordings.error} onRetry={() => void recordings.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={IconMicrophone} title={t('recordings.emptyTitle')} text={t('recordings.emptyText')} />
      ) : (
        <Card padding={0}>
          <ul aria-label={t('recordings.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((item, index) => (
              <RecordingRow
                key={item.id}
                item={item}
                first={index === 0}
                playing={playing?.id === item.id}
                onPlay={() => setPlaying(playing?.id === item.id ? null : item)}
                onDelete={() => void remove(item)}
              />
            ))}
          </ul>
        </Card>
      )}
      <LoadMore
        hasMore={recordings.hasNextPage}
        loading={recordings.isFetchingNextPage}
        onLoad={() => void recordings.fetchNextPage()}
        failed={recordings.isFetchNextPageError ? recordings.error : undefined}
      />
    </Stack>
  );
}
