import { Button, Card, Stack, Text } from '@mantine/core';
import { IconAddressBook, IconDownload, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../cloud/list-states';
import { NoticeAlert } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { RecordListPane } from '../../cloud/record-list-pane';
import { SplitView } from '../../cloud/split-view';
import { refreshCategory } from '../../cloud/use-record';
import { useRecordChanges } from '../../cloud/use-record-changes';
import { useRecordSearch } from '../../cloud/use-record-list';
import { useRecordSelection } from '../../cloud/use-record-selection';
import { usePageTitle } from '../../layout/page-title';
import { ContactEditor } from './contact-editor';
import { EXPORT_URL } from './contact-files';
import { ImportButton, ImportSummary, type ImportOutcome } from './contact-import';
import { ContactList } from './contact-list';
import { ContactPane } from './contact-pane';

/**
 * The account's contacts: searched and paged, one open beside the list (in its place on a phone),
 * edited in place, imported from and exported to .vcf. The open contact lives in the address
 * (?contact=…, &edit, ?new), so Back and a reload keep it.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  usePageTitle(t('contacts.title'));
  const queryClient = useQueryClient();
  const { openId, editing, creating, open } = useRecordSelection('/contacts', 'contact');
  const { search, setSearch, q, list } = useRecordSearch('contacts');
  const changes = useRecordChanges('contacts', open, {
    saved: (contact) => t('contacts.saved', { name: contact.projection.fullName }),
    deleted: (contact) => t('contacts.deleted', { name: contact.projection.fullName }),
    restored: (contact) => t('contacts.restored', { name: contact.projection.fullName }),
  });
  const [imported, setImported] = useState<ImportOutcome | null>(null);

  const listPane = (
    <RecordListPane
      searchLabel={t('contacts.search')}
      searchPlaceholder={t('contacts.searchPlaceholder')}
      search={search}
      onSearch={setSearch}
      list={list}
      empty={
        q === '' ? (
          <EmptyState icon={IconAddressBook} title={t('contacts.empty.title')} text={t('contacts.empty.text')} />
        ) : (
          <EmptyState
            icon={IconSearch}
            title={t('contacts.empty.noMatch', { q })}
            text={t('contacts.empty.noMatchText')}
          />
        )
      }
    >
      <ContactList contacts={list.records} openId={openId} label={t('contacts.listLabel')} />
    </RecordListPane>
  );

  let detail = null;
  if (creating) {
    detail = <ContactEditor contact={null} onSaved={changes.saved} onCancel={() => void open(null)} />;
  } else if (openId !== null) {
    detail = (
      <ContactPane
        key={openId}
        id={openId}
        editing={editing}
        onSaved={changes.saved}
        onDelete={changes.remove}
        deleting={changes.deleting}
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
      {changes.notice !== null && <NoticeAlert notice={changes.notice} onClose={changes.dismiss} />}
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
