import { Button, Card, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconDownload, IconPlus, IconSearch } from '@tabler/icons-react';
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
import { ContactEditor } from './contact-editor';
import { EXPORT_URL } from './contact-files';
import { ImportButton, ImportSummary, type ImportOutcome } from './contact-import';
import { ContactList } from './contact-list';
import { ContactPane } from './contact-pane';

type Contact = RecordOf<'contacts'>;

/** Waits this long after the last key before searching, so typing a name is one request, not six. */
const SEARCH_DELAY_MS = 300;

/**
 * The account's contacts: searched and paged, one open beside the list (in its place on a phone),
 * edited in place, imported from and exported to .vcf. The open contact lives in the address
 * (?contact=…, &edit, ?new), so Back and a reload keep it.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  usePageTitle(t('contacts.title'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const openId = params.get('contact');
  const editing = openId !== null && params.has('edit');
  const creating = openId === null && params.has('new');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const list = useRecordList('contacts', { q });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [imported, setImported] = useState<ImportOutcome | null>(null);

  const open = (id: string | null, replace = false) =>
    navigate(id === null ? '/contacts' : `/contacts?contact=${encodeURIComponent(id)}`, { replace });

  const restore = useMutation({
    mutationFn: (contact: Contact) => restoreRecord('contacts', contact.id),
    onSuccess: async (contact) => {
      setNotice({ kind: 'done', text: t('contacts.restored', { name: contact.projection.fullName }) });
      await refreshCategory(queryClient, 'contacts');
      await open(contact.id);
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  const remove = useMutation({
    mutationFn: (contact: Contact) => deleteRecord('contacts', contact.id),
    onSuccess: async (_nothing, contact) => {
      setNotice({
        kind: 'done',
        text: t('contacts.deleted', { name: contact.projection.fullName }),
        action: { label: t('recordsCommon.undo'), onClick: () => restore.mutate(contact) },
      });
      await open(null, true);
      await refreshCategory(queryClient, 'contacts');
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  /** After a save, or after choosing the server's copy over an edit ("theirs"). */
  const saved = async (contact: Contact, theirs = false) => {
    setNotice({
      kind: 'done',
      text: theirs ? t('recordsCommon.keptTheirs') : t('contacts.saved', { name: contact.projection.fullName }),
    });
    // The saved copy goes into the cache first, so the contact opens without reading it again.
    const refreshing = noteSaved(queryClient, contact);
    await open(contact.id, true);
    await refreshing;
  };

  const searching = list.isFetching && list.isPlaceholderData;
  const listPane = (
    <Stack gap="sm">
      <SearchField
        label={t('contacts.search')}
        placeholder={t('contacts.searchPlaceholder')}
        value={search}
        onChange={setSearch}
        searching={searching}
      />
      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError && list.records.length === 0 ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.records.length === 0 ? (
        q === '' ? (
          <EmptyState icon={IconAddressBook} title={t('contacts.empty.title')} text={t('contacts.empty.text')} />
        ) : (
          <EmptyState
            icon={IconSearch}
            title={t('contacts.empty.noMatch', { q })}
            text={t('contacts.empty.noMatchText')}
          />
        )
      ) : (
        <>
          <ContactList contacts={list.records} openId={openId} label={t('contacts.listLabel')} />
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
      <ContactEditor
        contact={null}
        onSaved={(contact, theirs) => void saved(contact, theirs)}
        onCancel={() => void open(null)}
      />
    );
  } else if (openId !== null) {
    detail = (
      <ContactPane
        key={openId}
        id={openId}
        editing={editing}
        onSaved={(contact, theirs) => void saved(contact, theirs)}
        onDelete={(contact) => {
          setNotice(null);
          remove.mutate(contact);
        }}
        deleting={remove.isPending}
      />
    );
  }

  return (
    <Stack gap="lg">
      <CloudPageHeader
        title={t('contacts.title')}
        description={t('contacts.description')}
        actions={
          <>
            <Button component={Link} to="/contacts?new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
              {t('contacts.new')}
            </Button>
            <ImportButton
              onDone={(outcome) => {
                setImported(outcome);
                if (outcome.kind === 'done') void refreshCategory(queryClient, 'contacts');
              }}
            />
            <Button
              component="a"
              href={EXPORT_URL}
              download="contacts.vcf"
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
            >
              {t('contacts.export')}
            </Button>
          </>
        }
      />
      {imported !== null && <ImportSummary outcome={imported} onClose={() => setImported(null)} />}
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
        listLabel={t('contacts.listLabel')}
        detail={detail}
        detailKey={creating ? 'new' : openId === null ? null : `${openId}${editing ? ':edit' : ''}`}
        placeholder={
          <Card padding="xl">
            <Text c="dimmed" ta="center">
              {t('contacts.pick')}
            </Text>
          </Card>
        }
      />
    </Stack>
  );
}
