import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { BackToList } from '../../cloud/back-to-list';
import { ConflictAlert } from '../../cloud/conflict-alert';
import { conflictOf, createRecord, updateRecord, type RecordOf } from '../../cloud/records-api';
import { describeError } from '../../errors';
import { EntryFields } from './entry-fields';
import {
  EMAIL_TYPES,
  emptyForm,
  formFromVcard,
  formProblems,
  PHONE_TYPES,
  rebaseForm,
  vcardFromForm,
  type ContactForm,
  type FormEntry,
} from './vcard-form';

type Contact = RecordOf<'contacts'>;

interface FieldErrors {
  name?: string;
  /** By entry key. */
  entries: Record<string, string>;
}

interface ContactEditorProps {
  /** The contact to edit; null makes a new one. */
  contact: Contact | null;
  /** theirs: the person chose the server's copy over their edit. */
  onSaved: (contact: Contact, theirs?: boolean) => void;
  onCancel: () => void;
}

/** The server's copy of a contact, in a few lines, for the person to compare with their edit. */
function ServerCopy({ contact }: { contact: Contact }) {
  const { fullName, organization, phones, emails } = contact.projection;
  const lines = [fullName, organization, ...phones.map((phone) => phone.value), ...emails.map((email) => email.value)];
  return (
    <Card padding="sm" radius="md" bg="white">
      {lines
        .filter((line) => line !== null && line !== '')
        .map((line, index) => (
          <Text key={index} size="sm" fw={index === 0 ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
            {line}
          </Text>
        ))}
    </Card>
  );
}

/**
 * Creates or edits a contact. The phone's vCard is changed only where the form changed it (see
 * vcard-form.ts); an edit that crossed one from the phone asks which one stays.
 */
export function ContactEditor({ contact, onSaved, onCancel }: ContactEditorProps) {
  const { t } = useTranslation();
  // The version the edit started from: a newer one read meanwhile must not be overwritten unasked.
  const [base] = useState(contact);
  const [form, setForm] = useState<ContactForm>(() =>
    contact === null ? emptyForm() : formFromVcard(contact.data.vcard),
  );
  const [errors, setErrors] = useState<FieldErrors>({ entries: {} });
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Contact | null>(null);
  const formElement = useRef<HTMLFormElement>(null);

  const save = useMutation({
    mutationFn: async (input: { form: ContactForm; base: Contact | null }) => {
      if (input.base === null) return createRecord('contacts', { vcard: vcardFromForm(null, input.form) });
      const vcard = vcardFromForm(input.base.data.vcard, input.form);
      return updateRecord('contacts', input.base.id, input.base.version, { vcard });
    },
    onSuccess: (saved) => onSaved(saved),
    onError: (error) => {
      const found = base === null ? null : conflictOf('contacts', error);
      if (found === 'deleted') setFailure(t('contacts.form.deletedMeanwhile'));
      else if (found !== null) setConflict(found);
      else if (error instanceof ApiError && error.code === 'unprocessable') setFailure(t('contacts.form.notSaved'));
      else setFailure(describeError(t, error));
    },
  });

  const change = (changed: Partial<ContactForm>) => {
    setForm((current) => ({ ...current, ...changed }));
    setFailure(null);
  };

  /** New numbers or addresses; an entry typed in again loses its error until the next save. */
  const changeEntries = (kind: 'phones' | 'emails', entries: FormEntry[]) => {
    const before = new Map(form[kind].map((entry) => [entry.key, entry.value]));
    const edited = new Set(entries.filter((entry) => before.get(entry.key) !== entry.value).map((entry) => entry.key));
    setErrors((current) => ({
      ...current,
      entries: Object.fromEntries(Object.entries(current.entries).filter(([key]) => !edited.has(key))),
    }));
    change({ [kind]: entries });
  };

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const found: FieldErrors = { entries: {} };
    for (const problem of formProblems(form)) {
      if (problem.field === 'name') found.name = t('contacts.form.nameNeeded');
      else
        found.entries[problem.key] =
          problem.field === 'phones' ? t('contacts.form.phoneInvalid') : t('contacts.form.emailInvalid');
    }
    setErrors(found);
    setFailure(null);
    setConflict(null);
    if (found.name !== undefined || Object.keys(found.entries).length > 0) {
      // After React has drawn the errors, so a screen reader reads the field with its message.
      requestAnimationFrame(() => formElement.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    save.mutate({ form, base });
  }

  function keepMine(theirs: Contact) {
    if (base === null) return;
    const rebased = rebaseForm(form, base.data.vcard, theirs.data.vcard);
    setConflict(null);
    save.mutate({ form: rebased, base: theirs });
  }

  const title = base === null ? t('contacts.form.newTitle') : t('contacts.form.editTitle');
  return (
    <Stack gap="sm">
      <BackToList to="/contacts" label={t('contacts.back')} />
      <Card component="section" aria-label={title}>
        <form ref={formElement} onSubmit={submit} noValidate>
          <Stack gap="md">
            <Title order={2} size="h3">
              {title}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label={t('contacts.form.givenName')}
                autoComplete="off"
                value={form.givenName}
                onChange={(event) => {
                  change({ givenName: event.currentTarget.value });
                  setErrors((current) => ({ ...current, name: undefined }));
                }}
                error={errors.name}
              />
              <TextInput
                label={t('contacts.form.familyName')}
                autoComplete="off"
                value={form.familyName}
                onChange={(event) => change({ familyName: event.currentTarget.value })}
              />
            </SimpleGrid>
            <TextInput
              label={t('contacts.form.organization')}
              autoComplete="off"
              value={form.organization}
              onChange={(event) => change({ organization: event.currentTarget.value })}
            />
            <EntryFields
              kind="phones"
              entries={form.phones}
              types={PHONE_TYPES}
              errors={errors.entries}
              onChange={(phones) => changeEntries('phones', phones)}
            />
            <EntryFields
              kind="emails"
              entries={form.emails}
              types={EMAIL_TYPES}
              errors={errors.entries}
              onChange={(emails) => changeEntries('emails', emails)}
            />
            {conflict !== null && (
              <ConflictAlert
                saving={save.isPending}
                onKeepTheirs={() => onSaved(conflict, true)}
                onKeepMine={() => keepMine(conflict)}
              >
                <ServerCopy contact={conflict} />
              </ConflictAlert>
            )}
            {failure !== null && (
              <Alert role="alert" color="red" icon={<IconAlertTriangle aria-hidden="true" />}>
                {failure}
              </Alert>
            )}
            <Group gap="sm">
              <Button type="submit" loading={save.isPending && conflict === null}>
                {t('contacts.form.save')}
              </Button>
              <Button variant="default" onClick={onCancel}>
                {t('contacts.form.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
