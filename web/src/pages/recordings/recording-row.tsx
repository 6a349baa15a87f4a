import type { MediaItem } from '@nimbus/protocol';
import { ActionIcon, Group, Stack, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import {
  IconDownload,
  IconMicrophone,
  IconPhoneCall,
  IconPlayerPauseFilled,
  IconPlayerPlayFilled,
  IconTrash,
} from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import { contentUrl } from '../../media/media-api';
import { clockDuration, isoDuration } from '../calls/call-duration';
import { durationSeconds, recordingTitle } from './recording-title';

/** The name a recording goes by on screen: its title, or "Recording, <date>". */
export function useRecordingName() {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  return (item: MediaItem) => recordingTitle(item) ?? t('recordings.untitled', { date: formatDate(item.takenAt) });
}

interface RecordingRowProps {
  item: MediaItem;
  first: boolean;
  playing: boolean;
  onPlay: () => void;
  onDelete: () => void;
}

/** One recording: play, its title, who the call was with, how long, when; download and delete. */
export function RecordingRow({ item, first, playing, onPlay, onDelete }: RecordingRowProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const name = useRecordingName()(item);
  const seconds = durationSeconds(item.durationMs);
  const call = item.callNumber !== null;
  return (
    <Group
      component="li"
      gap="sm"
      wrap="nowrap"
      py="sm"
      px="md"
      data-recording={item.id}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <ActionIcon
        size={40}
        radius="xl"
        variant={playing ? 'filled' : 'light'}
        aria-label={t('recordings.play', { name })}
        aria-pressed={playing}
        onClick={onPlay}
      >
        {playing ? (
          <IconPlayerPauseFilled size={18} aria-hidden="true" />
        ) : (
          <IconPlayerPlayFilled size={18} aria-hidden="true" />
        )}
      </ActionIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600} truncate="end" data-title>
          {name}
        </Text>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon size={18} variant="transparent" color="gray" aria-hidden="true">
            {call ? <IconPhoneCall size={15} /> : <IconMicrophone size={15} />}
          </ThemeIcon>
          <Text size="sm" c="dimmed" truncate="end">
            {call ? (
              <Trans
                i18nKey="recordings.call"
                values={{ number: item.callNumber }}
                components={{ number: <bdi dir="ltr" data-call-number /> }}
              />
            ) : (
              t('recordings.voice')
            )}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {seconds !== null && (
            <>
              <VisuallyHidden>{t('recordings.duration')} </VisuallyHidden>
              <time dateTime={isoDuration(seconds)}>{clockDuration(seconds)}</time>
              {' · '}
            </>
          )}
          <time dateTime={item.takenAt}>{formatDate(item.takenAt)}</time>
        </Text>
      </Stack>
      <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
        <ActionIcon
          component="a"
          href={contentUrl(item.id, true)}
          download={item.name}
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={t('recordings.download', { name })}
        >
          <IconDownload size={18} aria-hidden="true" />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={t('recordings.delete', { name })}
          onClick={onDelete}
        >
          <IconTrash size={18} aria-hidden="true" />
        </ActionIcon>
      </Group>
    </Group>
  );
}
