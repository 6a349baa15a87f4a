import type { Storage } from '@nimbus/protocol';
import { Alert, Badge, Button, Card, ColorSwatch, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../cloud/list-states';
import { CloudPageHeader } from '../../cloud/page-header';
import { usePageTitle } from '../../layout/page-title';
import { useBytesFormat } from '../../media/bytes';
import { useStorage } from '../../media/storage-full-notice';
import { storageFigures } from './storage-figures';
import { StorageMeter } from './storage-meter';

function StorageAlert({ storage }: { storage: Storage }) {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const { state, freeBytes } = storageFigures(storage);
  if (state === 'ok') return null;
  const full = state === 'full';
  return (
    <Alert
      role={full ? 'alert' : 'status'}
      color={full ? 'red' : 'orange'}
      icon={full ? <IconDatabaseOff aria-hidden="true" /> : <IconAlertTriangle aria-hidden="true" />}
      title={full ? t('storage.fullTitle') : t('storage.nearlyFullTitle')}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {full ? t('storage.fullText') : t('storage.nearlyFullText', { free: formatBytes(freeBytes) })}
        </Text>
        <Button component={Link} to="/bin" size="xs" variant="white" color={full ? 'red.9' : 'orange.9'}>
          {t('storage.openBin')}
        </Button>
      </Stack>
    </Alert>
  );
}

function StorageCard({ storage }: { storage: Storage }) {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const figures = storageFigures(storage);
  const plan = storage.plan === 'free' ? t('storage.plans.free') : storage.plan;
  const used = formatBytes(storage.usedBytes);
  const total = formatBytes(storage.quotaBytes);
  return (
    <Card padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fz="xl" fw={700} data-storage="used">
              {t('storage.used', { used, total })}
            </Text>
            <Text c={figures.state === 'full' ? 'red.9' : 'dimmed'} size="sm" data-storage="left">
              {figures.overBytes > 0
                ? t('storage.over', { over: formatBytes(figures.overBytes) })
                : t('storage.left', { free: formatBytes(figures.freeBytes) })}
            </Text>
          </Stack>
          <Badge variant="light" size="lg" aria-label={`${t('storage.plan')}: ${plan}`}>
            {plan}
          </Badge>
        </Group>
        <StorageMeter storage={storage} size={20} partsOnHover />
        <Stack component="dl" gap={0} m={0} aria-label={t('storage.breakdownLabel')}>
          {figures.bar.map((part, index) => (
            <Group
              key={part.key}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py={8}
              data-part={part.key}
              style={index === 0 ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
            >
              <Text
                component="dt"
                size="sm"
                style={{ minWidth: 0, display: 'flex', alignItems: 'center', gap: 'var(--mantine-spacing-sm)' }}
              >
                <ColorSwatch
                  color={`var(--mantine-color-${part.color.replace('.', '-')})`}
                  size={14}
                  withShadow={false}
                  aria-hidden="true"
                  style={{ flexShrink: 0 }}
                />
                {t(`storage.parts.${part.key}`)}
              </Text>
              <Text component="dd" size="sm" fw={600} m={0} style={{ flexShrink: 0 }}>
                {formatBytes(part.bytes)}
              </Text>
            </Group>
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          {t('storage.binHint')} {t('storage.dedupeHint')}
        </Text>
      </Stack>
    </Card>
  );
}

/** Space used and left, by section, with a clear word when the account is full (read-only for new uploads). */
export function StoragePage() {
  const { t } = useTranslation();
  usePageTitle(t('storage.title'));
  const storage = useStorage();
  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader title={t('storage.title')} description={t('storage.description')} />
      {storage.isPending ? (
        <Skeleton height={320} radius="md" />
      ) : storage.data === undefined ? (
        <LoadError error={storage.error} onRetry={() => void storage.refetch()} />
      ) : (
        <>
          <StorageAlert storage={storage.data} />
          <StorageCard storage={storage.data} />
        </>
      )}
    </Stack>
  );
}
