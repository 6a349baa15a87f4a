import { Card, Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { BackToList } from '../../cloud/back-to-list';
import { LoadError } from '../../cloud/list-states';
import { MissingRecord } from '../../cloud/missing-record';
import type { RecordOf } from '../../cloud/records-api';
import { useRecord } from '../../cloud/use-record';
import { NoteEditor } from './note-editor';

type Note = RecordOf<'notes'>;

interface NotePaneProps {
  id: string;
  folders: string[];
  onSaved: (note: Note, theirs?: boolean) => void;
  onDelete: (note: Note) => void;
  deleting: boolean;
}

/** The open note, read fresh from the server so an edit starts from its latest version. */
export function NotePane({ id, folders, onSaved, onDelete, deleting }: NotePaneProps) {
  const { t } = useTranslation();
  const note = useRecord('notes', id);
  if (note.isError && note.data === undefined) {
    return (
      <Stack gap="sm">
        <BackToList to="/notes" label={t('notes.back')} />
        {note.error instanceof ApiError && note.error.status === 404 ? (
          <MissingRecord text={t('notes.missing')} />
        ) : (
          <LoadError error={note.error} onRetry={() => void note.refetch()} />
        )}
      </Stack>
    );
  }
  if (note.data === undefined || note.isPlaceholderData) {
    return (
      <Card aria-busy="true" aria-label={t('recordsCommon.loading')}>
        <Stack gap="md">
          <Skeleton height={28} width="50%" />
          <Skeleton height={36} />
          <Skeleton height={180} />
        </Stack>
      </Card>
    );
  }
  return <NoteEditor note={note.data} folders={folders} onSaved={onSaved} onDelete={onDelete} deleting={deleting} />;
}
