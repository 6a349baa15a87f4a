import { ActionIcon, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-error';
import { describeError } from '../errors';
import { useBytesFormat } from './bytes';
import { uploadQueue, type QueuedUpload } from './upload-queue';

/** Why an upload failed, in words: a full account says how much the file needs and how much is left. */
export function describeUploadError(t: TFunction, error: unknown, formatBytes: (bytes: number) => string): string {
  if (error instanceof ApiError) {
    if (error.code === 'insufficient_storage') {
      const { neededBytes, freeBytes } = error.details;
      if (typeof neededBytes === 'number' && typeof freeBytes === 'number') {
        return t('uploadQueue.noSpace', { needed: formatBytes(neededBytes), free: formatBytes(freeBytes) });
      }
      return error.message;
    }
    if (error.code === 'conflict') return t('uploadQueue.nameTaken');
    if (error.code === 'payload_too_large' || error.status === 413) return t('uploadQueue.tooBig');
  }
  return describeError(t, error);
}

function UploadRow({ upload }: { upload: QueuedUpload }) {
  const { t } = useTranslation();
  const formatBytes = useBytesFormat();
  const percent = upload.size === 0 ? 100 : Math.min(100, Math.round((upload.done / upload.size) * 100));
  const active = upload.status === 'waiting' || upload.status === 'hashing' || upload.status === 'uploading';
  const state = {
    waiting: () => t('uploadQueue.waiting'),
    hashing: () => t('uploadQueue.hashing', { percent }),
    uploading: () => t('uploadQueue.uploading', { done: formatBytes(upload.done), total: formatBytes(upload.size) }),
    done: () => t('uploadQueue.done'),
    failed: () => t('uploadQueue.failed', { reason: describeUploadError(t, upload.error, formatBytes) }),
    cancelled: () => t('uploadQueue.cancelled'),
  }[upload.status]();
  return (
    <Stack component="li" gap={6} data-upload={upload.name} data-status={upload.status}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text size="sm" fw={600} truncate style={{ minWidth: 0 }}>
          {upload.name}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {upload.status === 'done' && <IconCheck size={18} color="var(--mantine-color-teal-8)" aria-hidden="true" />}
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={
              active ? t('uploadQueue.cancel', { name: upload.name }) : t('uploadQueue.dismiss', { name: upload.name })
            }
            onClick={() => (active ? uploadQueue.cancel(upload.key) : uploadQueue.dismiss(upload.key))}
          >
            <IconX size={16} aria-hidden="true" />
          </ActionIcon>
        </Group>
      </Group>
      {active && (
        <Progress
          value={upload.status === 'waiting' ? 0 : percent}
          striped={upload.status === 'hashing'}
          animated={upload.status === 'hashing'}
          aria-label={t('uploadQueue.progress', { name: upload.name })}
          size="sm"
        />
      )}
      <Text
        size="xs"
        c={upload.status === 'failed' ? 'red.9' : 'dimmed'}
        role={upload.status === 'failed' ? 'alert' : undefined}
        style={{ overflowWrap: 'anywhere' }}
      >
        {state}
      </Text>
    </Stack>
  );
}

/** The files being uploaded to one place, each with its progress, a way to cancel it, and why one failed. */
export function UploadList({ uploads }: { uploads: readonly QueuedUpload[] }) {
  const { t } = useTranslation();
  if (uploads.length === 0) return null;
  // Cut off by the network (not refused by the server): choosing the same file again continues it.
  const interrupted = uploads.some((upload) => upload.status === 'failed' && !(upload.error instanceof ApiError));
  return (
    <Card padding="md" component="section" aria-label={t('uploadQueue.label')}>
      <Stack gap="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {t('uploadQueue.label')}
        </Text>
        <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
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
