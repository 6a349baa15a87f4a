import { Card, Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api';
import { BackToList } from '../../cloud/back-to-list';
import { LoadError } from '../../cloud/list-states';
import { MissingRecord } from '../../cloud/missing-record';
import type { RecordOf } from '../../cloud/records-api';
import { useRecord } from '../../cloud/use-record';
import { ContactDetails } from './contact-details';
import { ContactEditor } from './contact-editor';

type Contact = RecordOf<'contacts'>;

interface ContactPaneProps {
  id: string;
  editing: boolean;
  onSaved: (contact: Contact, theirs?: boolean) => void;
  onDelete: (contact: Contact) => void;
  deleting: boolean;
}

/** The open contact: read from the server (the list's copy meanwhile), shown or edited. */
export function ContactPane({ id, editing, onSaved, onDelete, deleting }: ContactPaneProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const contact = useRecord('contacts', id);
  if (contact.isError && contact.data === undefined) {
    return (
      <Stack gap="sm">
        <BackToList to="/contacts" label={t('contacts.back')} />
        {contact.error instanceof ApiError && contact.error.status === 404 ? (
          <MissingRecord text={t('contacts.missing')} />
        ) : (
          <LoadError error={contact.error} onRetry={() => void contact.refetch()} />
        )}
      </Stack>
    );
  }
  // An edit starts from the server's copy, not the list's, so it is based on the latest version.
  if (contact.data === undefined || (editing && contact.isPlaceholderData)) {
    return (
      <Card aria-busy="true" aria-label={t('recordsCommon.loading')}>
        <Stack gap="md">
          <Skeleton height={56} width="60%" radius="md" />
          <Skeleton height={20} width="80%" />
          <Skeleton height={20} width="70%" />
        </Stack>
      </Card>
    );
  }
  if (editing) {
    return (
      <ContactEditor
        contact={contact.data}
        onSaved={onSaved}
        onCancel={() => void navigate(`/contacts?contact=${encodeURIComponent(id)}`, { replace: true })}
      />
    );
  }
  return <ContactDetails contact={contact.data} onDelete={() => onDelete(contact.data)} deleting={deleting} />;
}
