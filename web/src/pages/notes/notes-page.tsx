import { Button, Card, Stack, Text } from '@mantine/core';
import { IconNotes, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../cloud/list-states';
import { NoticeAlert } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { RecordListPane } from '../../cloud/record-list-pane';
import { SplitView } from '../../cloud/split-view';
import { useRecordChanges } from '../../cloud/use-record-changes';
import { useRecordSearch } from '../../cloud/use-record-list';
import { useRecordSelection } from '../../cloud/use-record-selection';
import { usePageTitle } from '../../layout/page-title';
import { NoteEditor } from './note-editor';
import { NoteList } from './note-list';
import { NotePane } from './note-pane';
import { noteTitle } from './note-text';

/**
 * The account's notes, pinned first: searched, paged, and opened beside the list for writing
 * (in its place on a phone). The open note lives in the address (?note=…, ?new).
 */
export function NotesPage() {
  const { t } = useTranslation();
  usePageTitle(t('notes.title'));
  const { openId, creating, open } = useRecordSelection('/notes', 'note');
  const { search, setSearch, q, list } = useRecordSearch('notes');
  const changes = useRecordChanges('notes', open, {
    saved: (note) => t('notes.saved', { title: noteTitle(t, note.data) }),
    deleted: (note) => t('notes.deleted', { title: noteTitle(t, note.data) }),
    restored: (note) => t('notes.restored', { title: noteTitle(t, note.data) }),
  });
  const folders = [
    ...new Set(list.records.map((note) => note.data.folder).filter((folder): folder is string => folder !== null)),
  ].sort((a, b) => a.localeCompare(b));

  const listPane = (
    <RecordListPane
      searchLabel={t('notes.search')}
      searchPlaceholder={t('notes.searchPlaceholder')}
      search={search}
      onSearch={setSearch}
      list={list}
      skeletonHeight={72}
      empty={
        q === '' ? (
          <EmptyState icon={IconNotes} title={t('notes.empty.title')} text={t('notes.empty.text')} />
        ) : (
          <EmptyState icon={IconSearch} title={t('notes.empty.noMatch', { q })} text={t('notes.empty.noMatchText')} />
        )
      }
    >
      <NoteList notes={list.records} openId={openId} label={t('notes.listLabel')} />
    </RecordListPane>
  );

  let detail = null;
  if (creating) {
    detail = <NoteEditor note={null} folders={folders} onSaved={changes.saved} onDelete={null} deleting={false} />;
  } else if (openId !== null) {
    detail = (
      <NotePane
        key={openId}
        id={openId}
        folders={folders}
        onSaved={changes.saved}
        onDelete={changes.remove}
        deleting={changes.deleting}
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
      {changes.notice !== null && <NoticeAlert notice={changes.notice} onClose={changes.dismiss} />}
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
