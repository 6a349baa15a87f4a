import {
  Alert,
  Autocomplete,
  Button,
  Card,
  Group,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BackToList } from '../../cloud/back-to-list';
import { ConflictAlert } from '../../cloud/conflict-alert';
import { conflictOf, createRecord, updateRecord, type RecordOf } from '../../cloud/records-api';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { noteExcerpt, noteTitle } from './note-text';

type Note = RecordOf<'notes'>;

/** The limits of NoteData in the protocol. */
const TITLE_MAX = 500;
const FOLDER_MAX = 200;

interface NoteForm {
  title: string;
  body: string;
  folder: string;
  pinned: boolean;
}

const formOf = (note: Note | null): NoteForm => ({
  title: note?.data.title ?? '',
  body: note?.data.body ?? '',
  folder: note?.data.folder ?? '',
  pinned: note?.data.pinned ?? false,
});

/** The note as the server stores it; the time of the change is now. */
const dataOf = (form: NoteForm): Note['data'] => ({
  title: form.title.trim(),
  body: form.body,
  folder: form.folder.trim() === '' ? null : form.folder.trim(),
  pinned: form.pinned,
  updatedAt: new Date().toISOString(),
});

interface NoteEditorProps {
  /** The note to edit; null writes a new one. */
  note: Note | null;
  /** Folders the other notes are in, offered as the folder is typed. */
  folders: string[];
  /** theirs: the person chose the server's copy over their edit. */
  onSaved: (note: Note, theirs?: boolean) => void;
  onDelete: ((note: Note) => void) | null;
  deleting: boolean;
}

/** A note opened for writing: title, text (plain or Markdown), folder and pin. */
export function NoteEditor({ note, folders, onSaved, onDelete, deleting }: NoteEditorProps) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  // The version the edit started from: a newer one read meanwhile must not be overwritten unasked.
  const [base, setBase] = useState(note);
  const [form, setForm] = useState<NoteForm>(() => formOf(note));
  const [failure, setFailure] = useState<string | null>(null);
  const [emptyError, setEmptyError] = useState(false);
  const [conflict, setConflict] = useState<Note | null>(null);

  const save = useMutation({
    mutationFn: ({ on }: { on: Note | null }) =>
      on === null ? createRecord('notes', dataOf(form)) : updateRecord('notes', on.id, on.version, dataOf(form)),
    onSuccess: (saved) => {
      setBase(saved);
      onSaved(saved);
    },
    onError: (error) => {
      const found = base === null ? null : conflictOf('notes', error);
      if (found === 'deleted') setFailure(t('notes.deletedMeanwhile'));
      else if (found !== null) setConflict(found);
      else setFailure(describeError(t, error));
    },
  });

  const change = (changed: Partial<NoteForm>) => {
    setForm((current) => ({ ...current, ...changed }));
    setFailure(null);
    setEmptyError(false);
  };

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    setConflict(null);
    if (form.title.trim() === '' && form.body.trim() === '') {
      setEmptyError(true);
      return;
    }
    save.mutate({ on: base });
  }

  const heading = note === null ? t('notes.newTitle') : noteTitle(t, note.data);
  return (
    <Stack gap="sm">
      <BackToList to="/notes" label={t('notes.back')} />
      <Card component="section" aria-label={heading}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
                {heading}
              </Title>
              {note !== null && (
                <Text size="sm" c="dimmed">
                  {t('notes.changed')}:{' '}
                  <time dateTime={note.data.updatedAt}>{formatDateTime(note.data.updatedAt)}</time>
                </Text>
              )}
            </div>
            <TextInput
              label={t('notes.form.title')}
              value={form.title}
              maxLength={TITLE_MAX}
              onChange={(event) => change({ title: event.currentTarget.value })}
              error={emptyError ? t('notes.form.empty') : undefined}
            />
            <Textarea
              label={t('notes.form.body')}
              description={t('notes.form.bodyHint')}
              inputWrapperOrder={['label', 'input', 'description']}
              value={form.body}
              onChange={(event) => change({ body: event.currentTarget.value })}
              autosize
              minRows={8}
              maxRows={24}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 14 } }}
            />
            <Autocomplete
              label={t('notes.form.folder')}
              description={t('notes.form.folderHint')}
              inputWrapperOrder={['label', 'input', 'description']}
              data={folders}
              value={form.folder}
              maxLength={FOLDER_MAX}
              onChange={(folder) => change({ folder })}
              comboboxProps={{ shadow: 'md' }}
            />
            <Switch
              label={t('notes.form.pinned')}
              description={t('notes.form.pinnedHint')}
              checked={form.pinned}
              onChange={(event) => change({ pinned: event.currentTarget.checked })}
            />
            {conflict !== null && (
              <ConflictAlert
                saving={save.isPending}
                onKeepTheirs={() => {
                  setBase(conflict);
                  setForm(formOf(conflict));
                  setConflict(null);
                  onSaved(conflict, true);
                }}
                onKeepMine={() => {
                  setConflict(null);
                  save.mutate({ on: conflict });
                }}
              >
                <Card padding="sm" radius="md" bg="white">
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {noteTitle(t, conflict.data)}
                  </Text>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {noteExcerpt(conflict.data, 300)}
                  </Text>
                </Card>
              </ConflictAlert>
            )}
            {failure !== null && (
              <Alert role="alert" color="red" icon={<IconAlertTriangle aria-hidden="true" />}>
                {failure}
              </Alert>
            )}
            <Group gap="sm" justify="space-between">
              <Button type="submit" loading={save.isPending && conflict === null}>
                {t('notes.form.save')}
              </Button>
              {note !== null && onDelete !== null && (
                <Button
                  color="red"
                  variant="light"
                  onClick={() => onDelete(note)}
                  loading={deleting}
                  leftSection={<IconTrash size={16} aria-hidden="true" />}
                >
                  {t('notes.delete')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
