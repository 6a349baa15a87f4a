import { Anchor, Card, ColorSwatch, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../cloud/list-states';
import { useBytesFormat } from '../../media/bytes';
import { useStorage } from '../../media/storage-full-notice';
import { storageFigures } from '../storage/storage-figures';
import { StorageMeter } from '../storage/storage-meter';

/** The storage bar and what uses it, as the Storage page has them, in brief: the parts that hold something. */
export function StorageSummary() {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const storage = useStorage();
  return (
    <Card component="section" aria-labelledby="storage-summary-title" h="100%">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="storage-summary-title">
            {t('home.storageTitle')}
          </Title>
          <Anchor component={Link} to="/storage" size="sm" fw={600} td="underline">
            {t('home.storageLink')}
          </Anchor>
        </Group>
        {storage.isPending ? (
          <Skeleton height={120} />
        ) : storage.data === undefined ? (
          <LoadError error={storage.error} onRetry={() => void storage.refetch()} />
        ) : (
          <StorageFigures storage={storage.data} formatBytes={formatBytes} />
        )}
      </Stack>
    </Card>
  );
}

function StorageFigures({
  storage,
  formatBytes,
}: {
  storage: NonNullable<ReturnType<typeof useStorage>['data']>;
  formatBytes: (bytes: number) => string;
}) {
  const { t } = useTranslation();
  const figures = storageFigures(storage);
  const used = formatBytes(storage.usedBytes);
  const total = formatBytes(storage.quotaBytes);
  const parts = figures.bar.filter((part) => part.bytes > 0);
  return (
    <Stack gap="sm">
      <Text fw={700} fz="lg" data-storage="used">
        {t('storage.used', { used, total })}
      </Text>
      <StorageMeter storage={storage} size={14} />
      <Text size="sm" c={figures.state === 'full' ? 'red.9' : 'dimmed'}>
        {figures.overBytes > 0
          ? t('storage.over', { over: formatBytes(figures.overBytes) })
          : t('storage.left', { free: formatBytes(figures.freeBytes) })}
      </Text>
      {parts.length > 0 && (
        <Group component="dl" gap="xs" m={0} aria-label={t('storage.breakdownLabel')} className="storage-legend">
          {parts.map((part) => (
            <div key={part.key} className="storage-legend-item" data-part={part.key}>
              <Text component="dt" size="sm" className="storage-legend-name">
                <ColorSwatch
                  color={`var(--mantine-color-${part.color.replace('.', '-')})`}
                  size={12}
                  withShadow={false}
                  aria-hidden="true"
                />
                {t(`storage.parts.${part.key}`)}
              </Text>
              <Text component="dd" size="sm" fw={600} m={0}>
                {formatBytes(part.bytes)}
              </Text>
            </div>
          ))}
        </Group>
      )}
    </Stack>
  );
}
