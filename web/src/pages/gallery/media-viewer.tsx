import type { MediaItem } from '@nimbus/protocol';
import { ActionIcon, Alert, Button, Group, Loader, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconDownload, IconTrash, IconX } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../cloud/list-states';
import { contentUrl, thumbnailUrl } from './gallery-api';
import { MediaDetails } from './media-details';
import { MediaPicture } from './media-picture';
import { useMediaItem } from './use-gallery';
import { useNeighbours } from './use-neighbours';

interface MediaViewerProps {
  id: string;
  album: string | null;
  months: readonly string[];
  labelOf: (item: MediaItem) => string;
  onOpen: (id: string) => void;
  onClose: () => void;
  onDelete: (item: MediaItem, then: MediaItem | undefined) => void;
  deleting: boolean;
}

/** Types a browser shows itself, for a photo that has no preview (none could be made). */
const SHOWABLE = /^image\/(jpeg|png|gif|webp|avif|bmp)$/;

/** Arrow keys on a video seek it, in a field they move the caret: only elsewhere do they turn pages. */
const keepsArrows = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('video, audio, input, textarea, select, [role="slider"]') !== null;

/**
 * One photo or video over the whole window (its id in the address): the preview or the player,
 * previous and next (buttons and arrow keys), the original to download, the details, and delete.
 */
export function MediaViewer({ id, album, months, labelOf, onOpen, onClose, onDelete, deleting }: MediaViewerProps) {
  const { t } = useTranslation();
  const query = useMediaItem(id);
  const item = query.data;
  const { previous, next } = useNeighbours(album, months, item?.deletedAt === null ? item : undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || keepsArrows(event.target)) return;
      const target = event.key === 'ArrowLeft' ? previous : event.key === 'ArrowRight' ? next : undefined;
      if (target === undefined) return;
      event.preventDefault();
      onOpen(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [previous, next, onOpen]);

  const title = item === undefined ? t('gallery.viewer.title') : labelOf(item);
  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      withCloseButton={false}
      padding={0}
      title={title}
      aria-label={title}
      classNames={{ header: 'visually-hidden', body: 'viewer-body', content: 'viewer-content' }}
      transitionProps={{ duration: 0 }}
    >
      <div className="viewer">
        <Group className="viewer-bar" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Tooltip label={t('gallery.viewer.close')}>
              <ActionIcon
                variant="subtle"
                color="gray.0"
                size="lg"
                onClick={onClose}
                aria-label={t('gallery.viewer.close')}
              >
                <IconX aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
            <Text fw={600} c="gray.0" truncate="end" className="viewer-name">
              {item?.name ?? ''}
            </Text>
          </Group>
          {item !== undefined && (
            <Group gap="xs" wrap="nowrap">
              <Tooltip label={t('gallery.viewer.download')}>
                <ActionIcon
                  component="a"
                  href={contentUrl(item.id, true)}
                  download={item.name}
                  variant="subtle"
                  color="gray.0"
                  size="lg"
                  aria-label={t('gallery.viewer.download')}
                >
                  <IconDownload aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
              {item.deletedAt === null && (
                <Tooltip label={t('gallery.viewer.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray.0"
                    size="lg"
                    loading={deleting}
                    onClick={() => onDelete(item, next ?? previous)}
                    aria-label={t('gallery.viewer.delete')}
                  >
                    <IconTrash aria-hidden="true" />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          )}
        </Group>
        <div className="viewer-main">
          <div className="viewer-stage">
            {query.isPending && <Loader color="gray.0" aria-label={t('recordsCommon.loading')} />}
            {query.isError && <LoadError error={query.error} onRetry={() => void query.refetch()} />}
            {item !== undefined && <Stage item={item} alt={labelOf(item)} />}
            <ActionIcon
              className="viewer-step viewer-previous"
              variant="filled"
              color="dark.5"
              size="xl"
              radius="xl"
              disabled={previous === undefined}
              onClick={() => previous !== undefined && onOpen(previous.id)}
              aria-label={t('gallery.viewer.previous')}
            >
              <IconChevronLeft aria-hidden="true" />
            </ActionIcon>
            <ActionIcon
              className="viewer-step viewer-next"
              variant="filled"
              color="dark.5"
              size="xl"
              radius="xl"
              disabled={next === undefined}
              onClick={() => next !== undefined && onOpen(next.id)}
              aria-label={t('gallery.viewer.next')}
            >
              <IconChevronRight aria-hidden="true" />
            </ActionIcon>
          </div>
          {item !== undefined && (
            <aside className="viewer-details" aria-label={t('gallery.viewer.details')}>
              <Stack gap="md">
                {item.deletedAt !== null && (
                  <Alert color="yellow" title={t('gallery.viewer.inBin')}>
                    {t('gallery.viewer.inBinText')}
                  </Alert>
                )}
                <MediaDetails item={item} />
                <Button
                  component="a"
                  href={contentUrl(item.id, true)}
                  download={item.name}
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden="true" />}
                >
                  {t('gallery.viewer.downloadOriginal')}
                </Button>
              </Stack>
            </aside>
          )}
        </div>
      </div>
    </Modal>
  );
}

/** The picture or the player. */
function Stage({ item, alt }: { item: MediaItem; alt: string }) {
  if (item.kind === 'video') {
    return (
      <video
        key={item.id}
        className="viewer-media"
        src={contentUrl(item.id)}
        poster={item.thumbnail === 'ready' ? thumbnailUrl(item.id, 'preview') : undefined}
        controls
        preload="metadata"
        aria-label={alt}
      />
    );
  }
  if (item.thumbnail === 'ready') {
    return <img key={item.id} className="viewer-media" src={thumbnailUrl(item.id, 'preview')} alt={alt} />;
  }
  if (item.thumbnail === 'none' && SHOWABLE.test(item.mime)) {
    return <img key={item.id} className="viewer-media" src={contentUrl(item.id)} alt={alt} />;
  }
  return (
    <div className="viewer-placeholder">
      <MediaPicture item={item} size="preview" alt={alt} />
    </div>
  );
}
