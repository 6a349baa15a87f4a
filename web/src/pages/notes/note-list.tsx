import { Badge, Card, Group, NavLink, Text } from '@mantine/core';
import { IconPinnedFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecordOf } from '../../cloud/records-api';
import { useDateTimeFormat } from '../../format';
import { noteExcerpt, noteTitle } from './note-text';

type Note = RecordOf<'notes'>;

/** Notes as the server sorts them: pinned first, then the latest. */
export function NoteList({ notes, openId, label }: { notes: Note[]; openId: string | null; label: string }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat({ dateStyle: 'medium' });
  return (
    <Card padding={0}>
      <ul className="cloud-list" aria-label={label}>
        {notes.map((note) => {
          const open = note.id === openId;
          const excerpt = noteExcerpt(note.data);
          return (
            <li key={note.id} data-pinned={note.data.pinned}>
              <NavLink
                component={Link}
                to={`?note=${encodeURIComponent(note.id)}`}
                className="cloud-list-item"
                active={open}
                aria-current={open ? 'true' : undefined}
                py="sm"
                label={
                  <Group gap={6} wrap="nowrap">
                    {note.data.pinned && (
                      <IconPinnedFilled size={14} aria-label={t('notes.pinned')} style={{ flexShrink: 0 }} />
                    )}
                    <Text fw={500} size="sm" truncate data-title>
                      {noteTitle(t, note.data)}
                    </Text>
                  </Group>
                }
                description={
                  <>
                    {excerpt !== '' && (
                      <Text component="span" size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {excerpt}
                      </Text>
                    )}
                    <Group component="span" gap={6} mt={4}>
                      <Text component="span" size="xs" c="dimmed">
                        <time dateTime={note.data.updatedAt}>{formatDate(note.data.updatedAt)}</time>
                      </Text>
                      {note.data.folder !== null && (
                        <Badge component="span" size="xs" variant="light" color="gray" radius="sm" tt="none">
                          {note.data.folder}
                        </Badge>
                      )}
                    </Group>
                  </>
                }
              />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
