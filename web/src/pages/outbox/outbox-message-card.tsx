import type { OutboxMessage } from '@nimbus/protocol';
import { Card, Group, Text, ThemeIcon, Title } from '@mantine/core';
import { IconMail, IconMessage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import { LinkedText } from './linked-text';

export function OutboxMessageCard({ message }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const ChannelIcon = message.channel === 'mail' ? IconMail : IconMessage;
  return (
    <Card component="article" padding="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" radius="xl" size="lg">
          <ChannelIcon size={18} stroke={1.6} aria-hidden="true" />
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {t(`outbox.channels.${message.channel}`)} ·{' '}
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
          </Text>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {t('outbox.to', { recipient: message.recipient })}
          </Text>
        </div>
      </Group>
      {message.subject !== null && (
        <Title order={2} size="h5" mt="md">
          {message.subject}
        </Title>
      )}
      <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        <LinkedText text={message.text} />
      </Text>
    </Card>
  );
}
