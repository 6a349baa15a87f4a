import type { CallType } from '@nimbus/protocol';
import { Group, Stack, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import {
  IconBan,
  IconPhoneIncoming,
  IconPhoneOff,
  IconPhoneOutgoing,
  IconPhoneX,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import { clockDuration, isoDuration } from './call-duration';
import type { CallRecord } from './call-queries';

const LOOK: Record<CallType, { icon: Icon; color: string }> = {
  incoming: { icon: IconPhoneIncoming, color: 'teal' },
  outgoing: { icon: IconPhoneOutgoing, color: 'nimbus' },
  missed: { icon: IconPhoneX, color: 'red' },
  rejected: { icon: IconPhoneOff, color: 'orange' },
  blocked: { icon: IconBan, color: 'gray' },
};

/** One call: who, which kind, when and how long. */
export function CallRow({ call }: { call: CallRecord }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat({ timeStyle: 'short' });
  const { data } = call;
  const { icon: TypeIcon, color } = LOOK[data.type];
  const talked = data.type === 'incoming' || data.type === 'outgoing';
  return (
    <Group component="li" gap="sm" wrap="nowrap" py="sm" px="md" data-type={data.type} align="flex-start">
      <ThemeIcon size={36} radius="xl" variant="light" color={color} aria-hidden="true">
        <TypeIcon size={18} stroke={1.8} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="baseline">
          <Text
            fw={600}
            truncate
            c={data.type === 'missed' ? 'red.9' : undefined}
            dir={data.name === null ? 'ltr' : undefined}
          >
            {data.name ?? data.number}
          </Text>
          <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
            <time dateTime={data.time}>{formatTime(data.time)}</time>
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t(`calls.types.${data.type}`)}
          {talked && (
            <>
              {' · '}
              <VisuallyHidden>{t('calls.duration')} </VisuallyHidden>
              <time dateTime={isoDuration(data.durationSeconds)}>{clockDuration(data.durationSeconds)}</time>
            </>
          )}
        </Text>
        {data.name !== null && (
          <Text size="sm" c="dimmed" dir="ltr" ta="start" style={{ whiteSpace: 'nowrap' }}>
            {data.number}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
