import type { Change } from '@nimbus/protocol';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConflictAlert } from '../../cloud/conflict-alert';
import { useDateTimeFormat } from '../../format';
import type { EventRecord } from './occurrences';

interface ConflictPanelProps {
  /** What the server has now: the event as another device changed it, or its deletion. */
  server: Change;
  pending: boolean;
  onKeepMine: (server: EventRecord) => void;
  onSaveAsNew: () => void;
  onDiscard: () => void;
}

/** The event changed elsewhere while it was being edited here: show that copy and let the owner choose. */
export function ConflictPanel({ server, pending, onKeepMine, onSaveAsNew, onDiscard }: ConflictPanelProps) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const formatDate = useDateTimeFormat({ dateStyle: 'medium' });

  if (server.deleted || server.category !== 'calendar') {
    return (
      <Stack gap="md">
        <Alert
          color="orange"
          icon={<IconAlertTriangle aria-hidden="true" />}
          role="alert"
          title={t('calendar.conflict.deletedTitle')}
        >
          {t('calendar.conflict.deletedText')}
        </Alert>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDiscard}>
            {t('calendar.conflict.discard')}
          </Button>
          <Button loading={pending} onClick={onSaveAsNew}>
            {t('calendar.conflict.saveAsNew')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const { projection } = server;
  // A date-only start is a day; a time is shown in the browser's zone.
  const when = projection.allDay ? formatDate(`${projection.start}T00:00:00`) : formatDateTime(projection.start);
  return (
    <ConflictAlert onKeepTheirs={onDiscard} onKeepMine={() => onKeepMine(server)} saving={pending}>
      <Text fw={600} size="sm">
        {projection.summary === '' ? t('calendar.untitled') : projection.summary}
      </Text>
      <Text size="sm">{when}</Text>
      {projection.location !== null && <Text size="sm">{projection.location}</Text>}
    </ConflictAlert>
  );
}
