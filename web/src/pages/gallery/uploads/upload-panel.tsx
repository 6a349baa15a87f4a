import { ActionIcon, Button, Card, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { describeError } from '../../../errors';
import { formatBytes } from '../media-format';
import { uploadQueue, type UploadEntry } from './upload-queue';

/** The uploads of this browser, as they change. */
export function useUploads(): readonly UploadEntry[] {
  return useSyncExternalStore(uploadQueue.subscribe, uploadQueue.snapshot);
}

/** Why an upload failed, in words: no space says how much is left, a file that is no photo says so. */
export function describeUploadError(t: TFunction, error: Error, locale: string | undefined): string {
  if (error instanceof ApiError) {
    if (error.code === 'insufficient_storage') {
      const { freeBytes, neededBytes } = error.details;
      return t('gallery.upload.errors.noSpace', {
        needed: formatBytes(typeof neededBytes === 'number' ? neededBytes : 0, locale),
        free: formatBytes(typeof freeBytes === 'number' ? freeBytes : 0, locale),
      });
    }
    if (error.code === 'unsupported_media_type') return t('gallery.upload.errors.notMedia');
    if (error.code === 'checksum_mismatch') return t('gallery.upload.errors.checksum');
    if (error.code === 'payload_too_large') return t('gallery.upload.errors.tooLarge');
  }
  return describeError(t, error);
}

/** Whether trying again may help: not for a file that is no photo or video. */
const retryable = (error: Error | null) => !(error instanceof ApiError && error.code === 'unsupported_media_type');

function percentOf(entry: UploadEntry): number {
  return entry.size === 0 ? 100 : Math.min(100, Math.round((entry.progress / entry.size) * 100));
}

function statusText(t: TFunction, entry: UploadEntry, locale: string | undefined): string {
  const bytes = { done: formatBytes(entry.progress, locale), total: formatBytes(entry.size, locale) };
  switch (entry.status) {
    case 'waiting':
      return t('gallery.upload.status.waiting');
    case 'hashing':
      return t('gallery.upload.status.hashing', { percent: percentOf(entry) });
    case 'checking':
      return t('gallery.upload.status.checking');
    case 'uploading':
      return t('gallery.upload.status.uploading', { ...bytes, percent: percentOf(entry) });
    case 'done':
      return t('gallery.upload.status.done', { total: bytes.total });
    case 'skipped':
      return t('gallery.upload.status.skipped');
    case 'cancelled':
      return t('gallery.upload.status.cancelled');
    case 'failed':
      return entry.error === null ? t('errors.unknown') : describeUploadError(t, entry.error, locale);
  }
}

/** Each upload with its progress (bytes and percent), what became of it, and a way to stop or retry. */
export function UploadPanel() {
  const { t, i18n } = useTranslation();
  const entries = useUploads();
  if (entries.length === 0) return null;
  const active = entries.filter((entry) => ['waiting', 'hashing', 'checking', 'uploading'].includes(entry.status));
  return (
    <Card padding="md" withBorder>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text fw={600} component="h2" m={0}>
            {active.length > 0
              ? t('gallery.upload.active', { count: active.length })
              : t('gallery.upload.finished', { count: entries.length })}
          </Text>
          {active.length < entries.length && (
            <Button variant="subtle" size="compact-sm" onClick={() => uploadQueue.clearFinished()}>
              {t('gallery.upload.clear')}
            </Button>
          )}
        </Group>
        <ul className="upload-list" aria-label={t('gallery.upload.listLabel')}>
          {entries.map((entry) => {
            const failed = entry.status === 'failed';
            const moving = entry.status === 'uploading' || entry.status === 'hashing';
            const running = active.includes(entry);
            const status = statusText(t, entry, i18n.resolvedLanguage);
            return (
              <li key={entry.key} data-upload={entry.name} data-status={entry.status}>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate="end">
                      {entry.name}
                    </Text>
                    <Progress
                      value={
                        entry.status === 'done' || entry.status === 'skipped' ? 100 : moving ? percentOf(entry) : 0
                      }
                      color={failed ? 'red' : entry.status === 'hashing' ? 'gray' : undefined}
                      size="sm"
                      aria-label={t('gallery.upload.progressLabel', { name: entry.name })}
                      animated={entry.status === 'checking'}
                    />
                    <Text
                      size="xs"
                      c={failed ? 'red.8' : 'dimmed'}
                      role={failed ? 'alert' : undefined}
                      data-upload-status
                    >
                      {status}
                    </Text>
                  </Stack>
                  {running && (
                    <Tooltip label={t('gallery.upload.cancel')}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        onClick={() => uploadQueue.cancel(entry.key)}
                        aria-label={t('gallery.upload.cancelOne', { name: entry.name })}
                      >
                        <IconPlayerStop size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {failed && retryable(entry.error) && (
                    <Tooltip label={t('gallery.upload.retry')}>
                      <ActionIcon
                        variant="subtle"
                        onClick={() => uploadQueue.retry(entry.key)}
                        aria-label={t('gallery.upload.retryOne', { name: entry.name })}
                      >
                        <IconRefresh size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {(entry.status === 'done' || entry.status === 'skipped') && (
                    <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" aria-hidden="true" />
                  )}
                </Group>
              </li>
            );
          })}
        </ul>
      </Stack>
    </Card>
  );
}
