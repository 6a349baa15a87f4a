import type { OutboxMessage } from '@nimbus/protocol';
import { Alert, Center, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconLock } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { OutboxMessageCard } from './outbox-message-card';

function EmptyOutbox() {
  const { t } = useTranslation();
  return (
    <Center py={56} px="md">
      <Stack align="center" gap="sm" maw={420}>
        <ThemeIcon size={56} radius="xl" variant="light" color="gray">
          <IconInbox size={30} stroke={1.5} aria-hidden="true" />
        </ThemeIcon>
        <Text ta="center" c="dimmed">
          {t('outbox.empty')}
        </Text>
      </Stack>
    </Center>
  );
}

/** The outbox's messages, or why there are none: loading, empty, not in local mode, or failed. */
export function OutboxMessages({ query }: { query: UseQueryResult<OutboxMessage[]> }) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Stack gap="md">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} height={112} radius="lg" />
        ))}
      </Stack>
    );
  }
  if (query.isError) {
    const localOnly = query.error instanceof ApiError && query.error.status === 404;
    return localOnly ? (
      <Alert color="gray" icon={<IconLock aria-hidden="true" />} title={t('outbox.localOnly')} />
    ) : (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
        {t('outbox.failed', { message: query.error.message })}
      </Alert>
    );
  }
  if (query.data.length === 0) return <EmptyOutbox />;
  return (
    <Stack gap="md">
      {query.data.map((message) => (
        <OutboxMessageCard key={message.id} message={message} />
      ))}
    </Stack>
  );
}
