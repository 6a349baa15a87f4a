import type { Folder } from '@nimbus/protocol';
import { Anchor, Breadcrumbs, Button, Group, Loader, Modal, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { IconChevronRight, IconFolder } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-error';
import { describeError } from '../../errors';
import { entryId, entryName, useFolder, type FilesEntry } from './files-api';

interface MoveDialogProps {
  entry: FilesEntry;
  /** Where the entry is now (null: the root). */
  from: string | null;
  onClose: () => void;
  /** Moves the entry into the chosen folder (null: the root); a refusal is shown and the dialog stays. */
  onMove: (target: Folder | null) => Promise<unknown>;
}

/** A folder picker: walk the tree from where the entry is, then move it to the folder on screen. */
export function MoveDialog({ entry, from, onClose, onMove }: MoveDialogProps) {
  const { t } = useTranslation();
  const [at, setAt] = useState<string | null>(from);
  const listing = useFolder(at);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const name = entryName(entry);
  const movingId = entry.kind === 'folder' ? entryId(entry) : null;
  const here = listing.data?.folder ?? null;
  const hereName = here?.name ?? t('files.root');
  const crumbs = [null, ...(listing.data?.path ?? []), ...(here === null ? [] : [here])];

  const go = (folderId: string | null) => {
    setAt(folderId);
    setError(null);
  };

  const move = async () => {
    setPending(true);
    setError(null);
    try {
      await onMove(here);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conflict') {
        setError(
          movingId !== null && /itself|inside/i.test(failure.message)
            ? t('files.errors.intoItself')
            : t('files.errors.taken', { name }),
        );
      } else {
        setError(describeError(t, failure));
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('files.moveTitle', { name })}
      centered
      returnFocus={false}
      radius="lg"
      closeButtonProps={{ 'aria-label': t('files.close') }}
    >
      <Stack gap="md">
        <Breadcrumbs separator="›" separatorMargin={4} style={{ flexWrap: 'wrap', rowGap: 4 }}>
          {crumbs.map((crumb, index) =>
            index === crumbs.length - 1 ? (
              <Text key={crumb?.id ?? 'root'} size="sm" fw={600} aria-current="location">
                {crumb?.name ?? t('files.root')}
              </Text>
            ) : (
              <Anchor
                key={crumb?.id ?? 'root'}
                component="button"
                type="button"
                size="sm"
                onClick={() => go(crumb?.id ?? null)}
              >
                {crumb?.name ?? t('files.root')}
              </Anchor>
            ),
          )}
        </Breadcrumbs>
        <ScrollArea.Autosize mah={280} type="auto">
          {listing.isPending ? (
            <Loader size="sm" />
          ) : listing.data === undefined ? (
            <Text size="sm" c="red.9" role="alert">
              {describeError(t, listing.error)}
            </Text>
          ) : listing.data.folders.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('files.pickerEmpty')}
            </Text>
          ) : (
            <Stack
              component="ul"
              gap={2}
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label={t('files.pickerLabel', { name: hereName })}
            >
              {listing.data.folders.map((folder) => {
                const itself = folder.id === movingId;
                return (
                  <li key={folder.id}>
                    <NavLink
                      component="button"
                      type="button"
                      label={folder.name}
                      description={itself ? t('files.movingItself') : undefined}
                      aria-label={t('files.moveInto', { name: folder.name })}
                      leftSection={<IconFolder size={18} aria-hidden="true" />}
                      rightSection={itself ? null : <IconChevronRight size={16} aria-hidden="true" />}
                      disabled={itself}
                      onClick={() => go(folder.id)}
                    />
                  </li>
                );
              })}
            </Stack>
          )}
        </ScrollArea.Autosize>
        {at === from && (
          <Text size="sm" c="dimmed">
            {t('files.alreadyHere')}
          </Text>
        )}
        {error !== null && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('files.cancel')}
          </Button>
          <Button onClick={() => void move()} loading={pending} disabled={at === from || listing.data === undefined}>
            {t('files.moveHere')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
