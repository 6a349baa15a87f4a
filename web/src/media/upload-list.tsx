import type { MediaSection } from '@nimbus/protocol';
import { ActionIcon, Button, Card, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconPlayerStop, IconRefresh, IconX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-error';
import { describeError } from '../errors';
import { useBytesFormat } from './bytes';
import { FINISHED, uploadQueue, useUploads, type QueuedUpload } from './upload-queue';

/**
 * Why an upload failed, in words: a full account says how much the file needs and how much is left,
 * a file the section cannot keep or a name taken says so.
 */
export function describeUploadError(t: TFunction, error: unknown, formatBytes: (bytes: number) => string): string {
  if (error instanceof ApiError) {
    if (error.code === 'insufficient_storage') {
      const { neededBytes, freeBytes } = error.details;
      if (typeof neededBytes === 'number' && typeof freeBytes === 'number') {
        return t('uploadQueue.noSpace', { needed: formatBytes(neededBytes), free: formatBytes(freeBytes) });
      }
      return error.message;
    }
    if (error.code === 'unsupported_media_type') return t('uploadQueue.notMedia');
    if (error.code === 'checksum_mismatch') return t('uploadQueue.checksum');
    if (error.code === 'conflict') return t('uploadQueue.nameTaken');
    if (error.code === 'payload_too_large' || error.status === 413) return t('uploadQueue.tooBig');
  }
  return describeError(t, error);
}

/** Whether trying again may help: not for a file the section cannot keep. */
const retryable = (error: unknown) => !(error instanceof ApiError && error.code === 'unsupported_media_type');

const isActive = (upload: QueuedUpload) => !FINISHED.includes(upload.status);

function percentOf(upload: QueuedUpload): number {
  return upload.size === 0 ? 100 : Math.min(100, Math.round((upload.done / upload.size) * 100));
}

function UploadRow({ upload }: { upload: QueuedUpload }) {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const percent = percentOf(upload);
  const total = formatBytes(upload.size);
  const state = {
    waiting: () => t('uploadQueue.waiting'),
    hashing: () => t('uploadQueue.hashing', { percent }),
    checking: () => t('uploadQueue.checking'),
    uploading: () => t('uploadQueue.uploading', { done: formatBytes(upload.done), total, percent }),
    done: () => t('uploadQueue.done', { total }),
    skipped: () => t('uploadQueue.skipped'),
    failed: () => t('uploadQueue.failed', { reason: describeUploadError(t, upload.error, formatBytes) }),
    cancelled: () => t('uploadQueue.cancelled'),
  }[upload.status]();
  const active = isActive(upload);
  const failed = upload.status === 'failed';
  const succeeded = upload.status === 'done' || upload.status === 'skipped';
  return (
    <Stack component="li" gap={6} data-upload={upload.name} data-status={upload.status}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text size="sm" fw={600} truncate style={{ minWidth: 0 }}>
          {upload.name}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {succeeded && <IconCircleCheck size={20} color="var(--mantine-color-teal-8)" aria-hidden="true" />}
          {failed && retryable(upload.error) && (
            <Tooltip label={t('uploadQueue.retry')}>
              <ActionIcon
                variant="subtle"
                onClick={() => uploadQueue.retry(upload.key)}
                aria-label={t('uploadQueue.retryOne', { name: upload.name })}
              >
                <IconRefresh size={18} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
          )}
          {active ? (
            <Tooltip label={t('uploadQueue.stop')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => uploadQueue.cancel(upload.key)}
                aria-label={t('uploadQueue.cancel', { name: upload.name })}
              >
                <IconPlayerStop size={18} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
          ) : (
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => uploadQueue.dismiss(upload.key)}
              aria-label={t('uploadQueue.dismiss', { name: upload.name })}
            >
              <IconX size={16} aria-hidden="true" />
            </ActionIcon>
          )}
        </Group>
      </Group>
      {active && (
        <Progress
          value={upload.status === 'hashing' || upload.status === 'uploading' ? percent : 0}
          color={upload.status === 'hashing' ? 'gray' : undefined}
          striped={upload.status === 'hashing' || upload.status === 'checking'}
          animated={upload.status === 'hashing' || upload.status === 'checking'}
          aria-label={t('uploadQueue.progress', { name: upload.name })}
          size="sm"
        />
      )}
      <Text
        size="xs"
        c={failed ? 'red.9' : 'dimmed'}
        role={failed ? 'alert' : undefined}
        style={{ overflowWrap: 'anywhere' }}
        data-upload-status
      >
        {state}
      </Text>
    </Stack>
  );
}

/**
 * The uploads to one section, as they change: each with its progress (bytes and percent), what
 * became of it, and a way to stop, retry or dismiss it. Nothing when there are none.
 */
export function UploadList({ section }: { section: MediaSection }) {
  const { t } = useTranslation();
  const uploads = useUploads(section);
  if (uploads.length === 0) return null;
  const active = uploads.filter(isActive).length;
  // Cut off by the network (not refused by the server): choosing the same file again continues it.
  const interrupted = uploads.some((upload) => upload.status === 'failed' && !(upload.error instanceof ApiError));
  return (
    <Card padding="md" withBorder component="section" aria-label={t('uploadQueue.label')}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text fw={600} component="h2" size="sm" m={0}>
            {active > 0
              ? t('uploadQueue.active', { count: active })
              : t('uploadQueue.finished', { count: uploads.length })}
          </Text>
          {active < uploads.length && (
            <Button variant="subtle" size="compact-sm" onClick={() => uploadQueue.clearFinished(section)}>
              {t('uploadQueue.clear')}
            </Button>
          )}
        </Group>
        {/* Hundreds of photos at once stay a list of their own height, scrolled. */}
        <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none', maxHeight: 360, overflowY: 'auto' }}>
          {uploads.map((upload) => (
            <UploadRow key={upload.key} upload={upload} />
          ))}
        </Stack>
        {interrupted && (
          <Text size="xs" c="dimmed">
            {t('uploadQueue.resumeHint')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
