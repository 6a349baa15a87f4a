import type { MediaItem } from '@nimbus/protocol';
import { Loader, Stack, Text } from '@mantine/core';
import { IconPhotoOff, IconPlayerPlayFilled, IconVideo } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { thumbnailUrl } from './gallery-api';
import { formatDuration } from './media-format';

interface MediaPictureProps {
  item: MediaItem;
  size: 'thumb' | 'preview';
  /** The text a screen reader hears for the picture; empty when a label beside it says it already. */
  alt: string;
  /** Small: a tile shows an icon alone, without words. */
  compact?: boolean;
}

/**
 * An item's picture: its thumbnail or preview once made; while it is being made a spinner; when
 * none can be made (not decodable, no still frame) a placeholder that says so. Videos carry a play
 * mark and their length.
 */
export function MediaPicture({ item, size, alt, compact = false }: MediaPictureProps) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(false);
  const video = item.kind === 'video';
  let picture;
  if (item.thumbnail === 'ready' && !broken) {
    picture = (
      <img
        className={`media-picture-img media-picture-${size}`}
        src={thumbnailUrl(item.id, size)}
        alt={alt}
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => setBroken(true)}
      />
    );
  } else if (item.thumbnail === 'pending' && !broken) {
    picture = (
      <Stack className="media-picture-placeholder" align="center" justify="center" gap={4} role="img" aria-label={alt}>
        <Loader size="sm" aria-hidden="true" />
        {!compact && (
          <Text size="sm" c="dimmed">
            {t('gallery.picture.pending')}
          </Text>
        )}
      </Stack>
    );
  } else {
    const Placeholder = video ? IconVideo : IconPhotoOff;
    picture = (
      <Stack className="media-picture-placeholder" align="center" justify="center" gap={4} role="img" aria-label={alt}>
        <Placeholder size={compact ? 28 : 48} stroke={1.4} aria-hidden="true" />
        <Text size={compact ? 'xs' : 'sm'} c="dimmed" ta="center" px={4} lineClamp={2}>
          {compact ? item.name : video ? t('gallery.picture.noFrame') : t('gallery.picture.none')}
        </Text>
      </Stack>
    );
  }
  return (
    <div className="media-picture" data-size={size}>
      {picture}
      {video && compact && (
        <span className="media-picture-badge" aria-hidden="true">
          <IconPlayerPlayFilled size={12} />
          {item.durationMs !== null && formatDuration(item.durationMs)}
        </span>
      )}
    </div>
  );
}
