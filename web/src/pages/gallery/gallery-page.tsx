import type { MediaItem } from '@nimbus/protocol';
import { Button, FileButton, Select, Stack } from '@mantine/core';
import { IconPhoto, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { EmptyState, ListSkeleton, LoadError } from '../../cloud/list-states';
import { NoticeAlert } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { useDateTimeFormat } from '../../format';
import { usePageTitle } from '../../layout/page-title';
import { UploadList } from '../../media/upload-list';
import { uploadQueue } from '../../media/upload-queue';
import { contentUrl } from './gallery-api';
import { albumName } from './media-details';
import { MediaViewer } from './media-viewer';
import { SelectionBar } from './selection-bar';
import { TimelineGrid } from './timeline-grid';
import { DropZone } from './uploads/drop-zone';
import { loadedItems, useAlbums, useTimeline } from './use-gallery';
import { downloadEach, useMediaDelete } from './use-media-delete';
import './gallery.css';

/** What the file picker offers: photos and videos (the server checks the bytes themselves). */
const ACCEPT = 'image/*,video/*';

/**
 * The gallery: every photo and video of the account as a timeline of months (virtualised, loaded as
 * it scrolls), filtered by album, selected many at a time to delete or download, opened one at a
 * time in the viewer (/gallery/:id), and uploaded to from this browser (button or drag and drop).
 */
export function GalleryPage() {
  const { t } = useTranslation();
  usePageTitle(t('gallery.title'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const album = params.get('album');
  const search = album === null ? '' : `?${new URLSearchParams({ album }).toString()}`;
  const timeline = useTimeline(album);
  const albums = useAlbums();
  const months = useMemo(() => timeline.data?.months ?? [], [timeline.data]);
  const monthNames = useMemo(() => months.map((entry) => entry.month), [months]);
  const dateTime = useDateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const { remove, notice, setNotice } = useMediaDelete();

  const labelOf = useCallback(
    (item: MediaItem) =>
      t(item.kind === 'video' ? 'gallery.itemLabel.video' : 'gallery.itemLabel.photo', {
        date: dateTime(item.takenAt),
      }),
    [t, dateTime],
  );
  const linkTo = useCallback((item: MediaItem) => `/gallery/${item.id}${search}`, [search]);

  const onToggle = useCallback(
    (item: MediaItem, range: boolean) => {
      setSelected((current) => {
        const next = new Set(current);
        const from = anchor.current;
        if (range && from !== null && from !== item.id) {
          const ordered = loadedItems(queryClient, album, monthNames).map((candidate) => candidate.id);
          const [start, end] = [ordered.indexOf(from), ordered.indexOf(item.id)].sort((a, b) => a - b);
          if (start !== undefined && end !== undefined && start >= 0) {
            for (const rangeId of ordered.slice(start, end + 1)) next.add(rangeId);
            return next;
          }
        }
        if (next.has(item.id)) next.delete(item.id);
        else next.add(item.id);
        anchor.current = item.id;
        return next;
      });
    },
    [queryClient, album, monthNames],
  );

  const selectedItems = () => loadedItems(queryClient, album, monthNames).filter((item) => selected.has(item.id));

  const upload = (files: readonly File[]) => {
    if (files.length === 0) return;
    setNotice(null);
    uploadQueue.add(files, (file) => ({
      section: 'gallery',
      name: file.name,
      // The server's "camera" when no album is chosen.
      ...(album === null ? {} : { album }),
      // The file's time says when it was taken, for photos without EXIF.
      takenAt: new Date(file.lastModified || Date.now()).toISOString(),
    }));
  };

  const uploadButton = (
    <FileButton onChange={upload} accept={ACCEPT} multiple>
      {(props) => (
        <Button {...props} leftSection={<IconUpload size={16} aria-hidden="true" />}>
          {t('gallery.upload.button')}
        </Button>
      )}
    </FileButton>
  );

  let content;
  if (timeline.isPending) content = <ListSkeleton rows={4} height={120} />;
  else if (timeline.isError) content = <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />;
  else if (months.length === 0) {
    content = (
      <EmptyState
        icon={IconPhoto}
        title={album === null ? t('gallery.empty.title') : t('gallery.empty.albumTitle')}
        text={t('gallery.empty.text')}
        action={uploadButton}
      />
    );
  } else {
    content = (
      <TimelineGrid
        album={album}
        months={months}
        selected={selected}
        selecting={selected.size > 0}
        onToggle={onToggle}
        linkTo={linkTo}
        labelOf={labelOf}
      />
    );
  }

  return (
    <DropZone onFiles={upload}>
      <Stack gap="lg">
        <CloudPageHeader
          title={t('gallery.title')}
          description={t('gallery.description')}
          actions={
            <>
              <Select
                aria-label={t('gallery.albums.label')}
                data={[
                  { value: '', label: t('gallery.albums.all') },
                  ...(albums.data?.albums ?? []).map((entry) => ({
                    value: entry.name,
                    label: t('gallery.albums.option', { name: albumName(t, entry.name), count: entry.count }),
                  })),
                ]}
                value={album ?? ''}
                onChange={(value) => {
                  setSelected(new Set());
                  setParams(value === null || value === '' ? {} : { album: value }, { replace: true });
                }}
                allowDeselect={false}
                w={220}
                maw="100%"
                comboboxProps={{ withinPortal: true }}
              />
              {uploadButton}
            </>
          }
        />
        <UploadList section="gallery" />
        {notice !== null && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
        {selected.size > 0 && (
          <SelectionBar
            count={selected.size}
            deleting={remove.isPending}
            onClear={() => setSelected(new Set())}
            onDownload={() =>
              void downloadEach(selectedItems().map((item) => ({ href: contentUrl(item.id, true), name: item.name })))
            }
            onDelete={() => {
              const items = selectedItems();
              remove.mutate(items, { onSuccess: () => setSelected(new Set()) });
            }}
          />
        )}
        {content}
      </Stack>
      {id !== undefined && (
        <MediaViewer
          id={id}
          album={album}
          months={monthNames}
          labelOf={labelOf}
          onOpen={(next) => void navigate(`/gallery/${next}${search}`, { replace: true })}
          onClose={() => void navigate(`/gallery${search}`)}
          deleting={remove.isPending}
          onDelete={(item, then) =>
            remove.mutate([item], {
              onSuccess: () =>
                void navigate(then === undefined ? `/gallery${search}` : `/gallery/${then.id}${search}`, {
                  replace: true,
                }),
            })
          }
        />
      )}
    </DropZone>
  );
}
