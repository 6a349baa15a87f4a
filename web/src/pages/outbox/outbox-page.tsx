import type { OutboxChannel } from '@nimbus/protocol';
import { Button, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePageTitle } from '../../layout/page-title';
import { OutboxMessages } from './outbox-messages';
import { useOutbox } from './use-outbox';

const CHANNELS = ['all', 'mail', 'sms'] as const;

function parseChannel(value: string | null): OutboxChannel | null {
  return value === 'mail' || value === 'sms' ? value : null;
}

/** Mail and SMS the server kept instead of sending, for developers in local mode. */
export function OutboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('outbox.title'));
  const [params, setParams] = useSearchParams();
  const channel = parseChannel(params.get('channel'));
  const outbox = useOutbox(channel);
  return (
    <Stack gap="lg" maw={880}>
      <div>
        <Title order={1}>{t('outbox.title')}</Title>
        <Text c="dimmed" mt={6}>
          {t('outbox.description')}
        </Text>
      </div>
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          aria-label={t('outbox.channel')}
          value={channel ?? 'all'}
          onChange={(value) => setParams(value === 'all' ? {} : { channel: value })}
          data={CHANNELS.map((value) => ({ value, label: t(`outbox.channels.${value}`) }))}
        />
        <Group gap="md">
          {outbox.data !== undefined && outbox.data.length > 0 && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('outbox.count', { count: outbox.data.length })}
            </Text>
          )}
          <Button
            variant="default"
            onClick={() => void outbox.refetch()}
            leftSection={outbox.isFetching ? <Loader size={16} /> : <IconRefresh size={16} aria-hidden="true" />}
          >
            {t('outbox.refresh')}
          </Button>
        </Group>
      </Group>
      <OutboxMessages query={outbox} />
    </Stack>
  );
}
