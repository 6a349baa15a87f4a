import { Group, Loader, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import type { MessageRecord } from './message-queries';
import classes from './messages.module.css';

/** Where an outgoing message is on its way: waiting for the phone, sending, sent, delivered or failed. */
function OutgoingStatus({ message }: { message: MessageRecord['data'] }) {
  const { t } = useTranslation();
  const { status } = message;
  if (status === 'received') return null;
  const icon = {
    queued: <IconClock size={14} aria-hidden="true" />,
    sending: <Loader size={12} aria-hidden="true" />,
    sent: <IconCheck size={14} aria-hidden="true" />,
    delivered: <IconChecks size={14} aria-hidden="true" />,
    failed: <IconAlertCircle size={14} aria-hidden="true" />,
  }[status];
  return (
    <Group gap={4} wrap="nowrap" c={status === 'failed' ? 'red.9' : 'dimmed'} data-status={status}>
      {icon}
      <Text size="xs" c={status === 'failed' ? 'red.9' : 'dimmed'} fw={status === 'failed' ? 600 : undefined}>
        {t(`messages.status.${status}`)}
      </Text>
    </Group>
  );
}

/** One message of a conversation: the other side's on the left, the owner's on the right with its status. */
export function MessageBubble({ message }: { message: MessageRecord }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat({ timeStyle: 'short' });
  const { data } = message;
  const outgoing = data.direction === 'out';
  return (
    <li className={classes.bubbleRow} data-direction={data.direction} data-status={data.status}>
      <div className={classes.bubble}>
        <VisuallyHidden>{outgoing ? t('messages.youWrote') : t('messages.theyWrote')}</VisuallyHidden>
        <Text size="sm" inherit>
          {data.body}
        </Text>
        <Group gap="xs" justify="flex-end" mt={4} wrap="wrap">
          <Text size="xs" c="dimmed">
            <time dateTime={data.time}>{formatTime(data.time)}</time>
          </Text>
          {outgoing && <OutgoingStatus message={data} />}
        </Group>
        {data.status === 'failed' && data.error !== null && (
          <Text size="xs" c="red.9" mt={2}>
            {t('messages.failedBecause', { error: data.error })}
          </Text>
        )}
      </div>
    </li>
  );
}
