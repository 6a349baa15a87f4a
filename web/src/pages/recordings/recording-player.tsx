import type { MediaItem } from '@nimbus/protocol';
import { ActionIcon, Card, Group, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contentUrl } from '../../media/media-api';

interface RecordingPlayerProps {
  item: MediaItem;
  name: string;
  onClose: () => void;
}

/**
 * The page's one player, kept in view at the top while the list scrolls. The browser streams the
 * recording with range requests, so a long one starts at once and can be skipped through.
 */
export function RecordingPlayer({ item, name, onClose }: RecordingPlayerProps) {
  const { t } = useTranslation();
  return (
    <Card
      component="section"
      aria-label={t('recordings.player')}
      padding="sm"
      shadow="sm"
      withBorder
      style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 64px) + 8px)', zIndex: 5 }}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" fw={700} tt="uppercase">
              {t('recordings.playing')}
            </Text>
            <Text fw={600} truncate="end">
              {name}
            </Text>
          </Stack>
          <ActionIcon variant="subtle" color="gray" aria-label={t('recordings.closePlayer')} onClick={onClose}>
            <IconX size={18} aria-hidden="true" />
          </ActionIcon>
        </Group>
        <audio
          key={item.id}
          src={contentUrl(item.id)}
          controls
          autoPlay
          preload="metadata"
          aria-label={name}
          style={{ width: '100%', display: 'block' }}
        />
      </Stack>
    </Card>
  );
}
