import type { Readiness } from '@nimbus/protocol';
import { Alert, Badge, Card, Divider, Group, Loader, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import { useReadiness, useServerInfo } from '../../queries';

const CHECK_LABELS = {
  database: 'status.checks.database',
  blobs: 'status.checks.blobs',
  bus: 'status.checks.bus',
} as const;

function CheckRow({ name, check }: { name: string; check: Readiness['checks'][string] }) {
  const { t } = useTranslation();
  const label = name in CHECK_LABELS ? t(CHECK_LABELS[name as keyof typeof CHECK_LABELS]) : name;
  const ok = check.status === 'ok';
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {check.error !== undefined && (
          <Text size="xs" c="red.9" style={{ overflowWrap: 'anywhere' }}>
            {check.error}
          </Text>
        )}
      </div>
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('status.latency', { ms: check.latencyMs })}
        </Text>
        <Badge variant="dot" color={ok ? 'teal' : 'red'} radius="sm">
          {ok ? t('status.ok') : t('status.failing')}
        </Badge>
      </Group>
    </Group>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} ta="right" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Group>
  );
}

/** The server's version, mode and health checks, as /api/v1/meta and /readyz report them. */
export function ServerStatusCard() {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat({ timeStyle: 'medium' });
  const info = useServerInfo();
  const readiness = useReadiness();
  const ready = readiness.data?.status === 'ok';
  return (
    <Card component="section" aria-labelledby="status-title" aria-busy={readiness.isPending}>
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Title order={2} size="h4" id="status-title">
          {t('status.checksTitle')}
        </Title>
        {readiness.data && (
          <Badge color={ready ? 'teal.9' : 'red.9'} variant="filled" radius="sm" style={{ flexShrink: 0 }}>
            {ready ? t('status.ready') : t('status.notReady')}
          </Badge>
        )}
      </Group>
      {readiness.isError || info.isError ? (
        <Alert color="red" icon={<IconPlugConnectedX aria-hidden="true" />} title={t('status.unreachable')} />
      ) : readiness.data && info.data ? (
        <Stack gap="sm">
          <Fact label={t('status.version')} value={info.data.version} />
          <Fact label={t('status.mode')} value={t(`status.modes.${info.data.mode}`)} />
          <Fact label={t('status.address')} value={info.data.publicUrl} />
          <Divider my={4} />
          {Object.entries(readiness.data.checks).map(([name, check]) => (
            <CheckRow key={name} name={name} check={check} />
          ))}
          <Text size="xs" c="dimmed" mt={4}>
            {t('status.checkedAt', { time: formatTime(readiness.dataUpdatedAt) })}
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('status.loading')}
            </Text>
          </Group>
          {[0, 1, 2, 3].map((row) => (
            <Skeleton key={row} height={18} />
          ))}
        </Stack>
      )}
    </Card>
  );
}
