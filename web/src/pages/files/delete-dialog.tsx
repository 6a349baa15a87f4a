import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BIN_DAYS } from '../../cloud/bin-days';
import { describeError } from '../../errors';
import { entryName, type FilesEntry } from './files-api';

interface DeleteDialogProps {
  entry: FilesEntry;
  onClose: () => void;
  onDelete: () => Promise<unknown>;
}

/** Asks before a file, or a folder with everything in it, goes to the recycle bin. */
export function DeleteDialog({ entry, onClose, onDelete }: DeleteDialogProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onDelete();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('files.deleteTitle', { name: entryName(entry) })}
      centered
      returnFocus={false}
      radius="lg"
      closeButtonProps={{ 'aria-label': t('files.close') }}
      styles={{ title: { overflowWrap: 'anywhere' } }}
    >
      <Stack gap="lg">
        <Text>
          {entry.kind === 'folder'
            ? t('files.deleteFolder', { count: BIN_DAYS })
            : t('files.deleteFile', { count: BIN_DAYS })}
        </Text>
        {error !== null && (
          <Text c="red.9" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('files.cancel')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={pending} data-autofocus>
            {t('files.confirmDelete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
