import type { Storage } from '@nimbus/protocol';
import { Progress, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBytesFormat } from '../../media/bytes';
import { storageFigures } from './storage-figures';

/**
 * The storage bar: one section per part that uses space, read out as "used of total". With
 * `partsOnHover`, each section names its part and size (the Storage page); the overview lists them below instead.
 */
export function StorageMeter({
  storage,
  size,
  partsOnHover = false,
}: {
  storage: Storage;
  size: number;
  partsOnHover?: boolean;
}) {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const used = formatBytes(storage.usedBytes);
  const total = formatBytes(storage.quotaBytes);
  return (
    <Progress.Root
      size={size}
      radius="md"
      role="meter"
      aria-label={t('storage.barLabel')}
      aria-valuemin={0}
      aria-valuemax={storage.quotaBytes}
      aria-valuenow={storage.usedBytes}
      aria-valuetext={t('storage.used', { used, total })}
    >
      {storageFigures(storage)
        .bar.filter((part) => part.percent > 0)
        .map((part) => {
          // A sliver stays visible however small the part.
          const section = (
            <Progress.Section
              key={part.key}
              value={Math.max(part.percent, 0.6)}
              color={part.color}
              aria-hidden="true"
            />
          );
          return partsOnHover ? (
            <Tooltip key={part.key} label={`${t(`storage.parts.${part.key}`)}: ${formatBytes(part.bytes)}`} withArrow>
              {section}
            </Tooltip>
          ) : (
            section
          );
        })}
    </Progress.Root>
  );
}
