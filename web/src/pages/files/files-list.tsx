import { ActionIcon, Anchor, Card, Group, Menu, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconDots,
  IconDownload,
  IconFile,
  IconFileMusic,
  IconFileText,
  IconFolder,
  IconFolderShare,
  IconPencil,
  IconPhoto,
  IconTrash,
  IconVideo,
  type Icon,
} from '@tabler/icons-react';
import { createElement, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateTimeFormat } from '../../format';
import { useBytesFormat } from '../../media/bytes';
import { contentUrl } from '../../media/media-api';
import { entryId, entryName, type FilesEntry } from './files-api';

export type EntryAction = 'rename' | 'move' | 'delete';

function iconOf(entry: FilesEntry): Icon {
  if (entry.kind === 'folder') return IconFolder;
  const { kind, mime } = entry.file;
  if (kind === 'photo') return IconPhoto;
  if (kind === 'video') return IconVideo;
  if (kind === 'audio') return IconFileMusic;
  return mime.startsWith('text/') || mime === 'application/pdf' ? IconFileText : IconFile;
}

/** A folder, or what kind of file: picture, video, sound, text or anything else. */
function EntryIcon({ entry }: { entry: FilesEntry }) {
  const folder = entry.kind === 'folder';
  return (
    <ThemeIcon size={38} radius="md" variant="light" color={folder ? 'yellow' : 'nimbus'} aria-hidden="true">
      {createElement(iconOf(entry), { size: 20, stroke: 1.7 })}
    </ThemeIcon>
  );
}

interface EntryRowProps {
  entry: FilesEntry;
  first: boolean;
  /** `from` is the row's actions button, for the dialog to give the focus back to. */
  onAction: (action: EntryAction, from: HTMLElement | null) => void;
}

function EntryRow({ entry, first, onAction }: EntryRowProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat({ dateStyle: 'medium' });
  const formatBytes = useBytesFormat();
  const name = entryName(entry);
  const folder = entry.kind === 'folder';
  const trigger = useRef<HTMLButtonElement>(null);
  const date = folder ? entry.folder.createdAt : entry.file.createdAt;
  return (
    <Group
      component="li"
      gap="sm"
      wrap="nowrap"
      py="sm"
      px="md"
      data-entry={name}
      data-kind={entry.kind}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <EntryIcon entry={entry} />
      <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
        {folder ? (
          <Anchor component={Link} to={`/files?folder=${entry.folder.id}`} fw={600} c="inherit" truncate="end">
            {name}
          </Anchor>
        ) : (
          <Anchor href={contentUrl(entry.file.id)} target="_blank" rel="noopener" fw={600} c="inherit" truncate="end">
            {name}
          </Anchor>
        )}
        <Text size="sm" c="dimmed" truncate="end">
          {folder ? t('files.folder') : formatBytes(entry.file.size)}
          {' · '}
          <time dateTime={date}>{formatDate(date)}</time>
        </Text>
      </Stack>
      {!folder && (
        <ActionIcon
          component="a"
          href={contentUrl(entry.file.id, true)}
          download={name}
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={`${t('files.download')}: ${name}`}
          visibleFrom="xs"
        >
          <IconDownload size={18} aria-hidden="true" />
        </ActionIcon>
      )}
      {/* The dialog an item opens takes the focus; it gives it back to this button when it closes. */}
      <Menu position="bottom-end" withinPortal shadow="md" returnFocus={false}>
        <Menu.Target>
          <ActionIcon ref={trigger} variant="subtle" color="gray" size="lg" aria-label={t('files.actions', { name })}>
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {folder ? (
            <Menu.Item component={Link} to={`/files?folder=${entry.folder.id}`} leftSection={<IconFolder size={16} />}>
              {t('files.open')}
            </Menu.Item>
          ) : (
            <Menu.Item
              component="a"
              href={contentUrl(entry.file.id, true)}
              download={name}
              leftSection={<IconDownload size={16} />}
            >
              {t('files.download')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('rename', trigger.current)}>
            {t('files.rename')}
          </Menu.Item>
          <Menu.Item leftSection={<IconFolderShare size={16} />} onClick={() => onAction('move', trigger.current)}>
            {t('files.move')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => onAction('delete', trigger.current)}
          >
            {t('files.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** A folder's folders, then its files, each with its size and date and what can be done with it. */
export function FilesList({
  entries,
  busy,
  onAction,
}: {
  entries: FilesEntry[];
  busy: boolean;
  onAction: (entry: FilesEntry, action: EntryAction, from: HTMLElement | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card padding={0} aria-busy={busy}>
      <ul aria-label={t('files.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {entries.map((entry, index) => (
          <EntryRow
            key={entryId(entry)}
            entry={entry}
            first={index === 0}
            onAction={(action, from) => onAction(entry, action, from)}
          />
        ))}
      </ul>
    </Card>
  );
}
