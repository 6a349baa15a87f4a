import { Button, Card, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconNotes, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ListSkeleton, LoadError, LoadMore } from '../../cloud/list-states';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { deleteRecord, restoreRecord, type RecordOf } from '../../cloud/records-api';
import { SearchField } from '../../cloud/search-field';
import { SplitView } from '../../cloud/split-view';
import { noteSaved, refreshCategory } from '../../cloud/use-record';
import { useRecordList } from '../../cloud/use-record-list';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { NoteEditor } from './note-editor';
import { NoteList } from './note-list';
import { NotePane } from './note-pane';
import { noteTitle } from './note-text';

type Note = RecordOf<'notes'>;

/** Waits this long after the last key before searching. */
const SEARCH_DELAY_MS = 300;

/**
 * The account's notes, pinned first: searched, paged, and opened beside the list for writing
 * (in its place on a phone). The open note lives in the address (?note=…, ?new).
 */
export function NotesPage() {
  const { t } = useTranslation();
  usePageTitle(t('notes.title'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const openId = params.get('note');
  const creating = openId === null && params.has('new');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const list = useRecordList('notes', { q });
  const [notice, setNotice] = useState<Notice | null>(null);
  const folders = [
    ...new Set(list.records.map((note) => note.data.folder).filter((folder): folder is string => folder !== null)),
  ].sort((a, b) => a.localeCompare(b));

  const open = (id: string | null, replace = false) =>
    navigate(id === null ? '/notes' : `/notes?note=${encodeURIComponent(id)}`, { replace });

  const restore = useMutation({
    mutationFn: (note: Note) => restoreRecord('notes', note.id),
    onSuccess: async (note) => {
      setNotice({ kind: 'done', text: t('notes.restored', { title: noteTitle(t, note.data) }) });
      await refreshCategory(queryClient, 'notes');
      await open(note.id);
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  const remove = useMutation({
    mutationFn: (note: Note) => deleteRecord('notes', note.id),
    onSuccess: async (_nothing, note) => {
      setNotice({
        kind: 'done',
        text: t('notes.deleted', { title: noteTitle(t, note.data) }),
        action: { label: t('recordsCommon.undo'), onClick: () => restore.mutate(note) },
      });
      await open(null, true);
      await refreshCategory(queryClient, 'notes');
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  /** After a save, or after choosing the server's copy over an edit ("theirs"). */
  const saved = async (note: Note, theirs = false) => {
    setNotice({
      kind: 'done',
      text: theirs ? t('recordsCommon.keptTheirs') : t('notes.saved', { title: noteTitle(t, note.data) }),
    });
    // The saved copy goes into the cache first, so the note opens without reading it again.
    const refreshing = noteSaved(queryClient, note);
    await open(note.id, true);
    await refreshing;
  };

  const listPane = (
    <Stack gap="sm">
      <SearchField
        label={t('notes.search')}
        placeholder={t('notes.searchPlaceholder')}
        value={search}
        onChange={setSearch}
        searching={list.isFetching && list.isPlaceholderData}
      />
      {list.isPending ? (
        <ListSkeleton height={72} />
      ) : list.isError && list.records.length === 0 ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.records.length === 0 ? (
        q === '' ? (
          <EmptyState icon={IconNotes} title={t('notes.empty.title')} text={t('notes.empty.text')} />
        ) : (
          <EmptyState icon={IconSearch} title={t('notes.empty.noMatch', { q })} text={t('notes.empty.noMatchText')} />
        )
      ) : (
        <>
          <NoteList notes={list.records} openId={openId} label={t('notes.listLabel')} />
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
            failed={list.isFetchNextPageError ? list.error : null}
          />
        </>
      )}
    </Stack>
  );

  let detail = null;
  if (creating) {
    detail = (
      <NoteEditor
        note={null}
        folders={folders}
        onSaved={(note, theirs) => void saved(note, theirs)}
        onDelete={null}
        deleting={false}
      />
    );
  } else if (openId !== null) {
    detail = (
      <NotePane
        key={openId}
        id={openId}
        folders={folders}
        onSaved={(note, theirs) => void saved(note, theirs)}
        onDelete={(note) => {
          setNotice(null);
          remove.mutate(note);
        }}
        deleting={remove.isPending}
      />
    );
  }

  return (
    <Stack gap="lg">
      <CloudPageHeader
        title={t('notes.title')}
        description={t('notes.description')}
        actions={
          <Button component={Link} to="/notes?new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
            {t('notes.new')}
          </Button>
        }
      />
      {notice !== null && (
        <NoticeAlert
          notice={
            notice.action === undefined
              ? notice
              : { ...notice, action: { ...notice.action, pending: restore.isPending } }
          }
          onClose={() => setNotice(null)}
        />
      )}
      <SplitView
        list={listPane}
        listLabel={t('notes.listLabel')}
        detail={detail}
        detailKey={creating ? 'new' : openId}
        placeholder={
          <Card padding="xl">
            <Text c="dimmed" ta="center">
              {t('notes.pick')}
            </Text>
          </Card>
        }
      />
    </Stack>
  );
}
