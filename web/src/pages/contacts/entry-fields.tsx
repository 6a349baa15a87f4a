import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { typeLabel } from './contact-types';
import { emptyEntry, type FormEntry } from './vcard-form';

interface EntryFieldsProps {
  kind: 'phones' | 'emails';
  entries: FormEntry[];
  /** The types to choose from; an entry's own other type is offered too. */
  types: readonly string[];
  /** Errors by entry key. */
  errors: Record<string, string>;
  onChange: (entries: FormEntry[]) => void;
}

/** The numbers (or addresses) of a contact: each with its type, removable, and one more on request. */
export function EntryFields({ kind, entries, types, errors, onChange }: EntryFieldsProps) {
  const { t } = useTranslation();
  const phones = kind === 'phones';
  const update = (key: string, changed: Partial<FormEntry>) =>
    onChange(entries.map((entry) => (entry.key === key ? { ...entry, ...changed } : entry)));
  const typeOptions = (own: string | null) => {
    const offered = own === null || types.includes(own) ? types : [...types, own];
    return [
      ...offered.map((type) => ({ value: type, label: typeLabel(t, type) ?? type })),
      { value: '', label: t('contacts.types.none') },
    ];
  };

  return (
    <Stack gap="xs" component="fieldset" m={0} p={0} style={{ border: 0, minWidth: 0 }}>
      <Text component="legend" fw={600} size="sm" mb={4}>
        {phones ? t('contacts.phones') : t('contacts.emails')}
      </Text>
      {entries.map((entry, index) => {
        const number = index + 1;
        return (
          // The number takes a line of its own when the type beside it would squeeze it (phones).
          <Group key={entry.key} gap="xs" wrap="wrap" align="flex-start" data-entry={entry.key}>
            <TextInput
              style={{ flex: '1 1 200px', minWidth: 0 }}
              label={phones ? t('contacts.form.phone', { number }) : t('contacts.form.email', { number })}
              type={phones ? 'tel' : 'email'}
              inputMode={phones ? 'tel' : 'email'}
              dir="ltr"
              autoComplete="off"
              value={entry.value}
              onChange={(event) => update(entry.key, { value: event.currentTarget.value })}
              error={errors[entry.key]}
            />
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <NativeSelect
                w={140}
                label={t('contacts.form.type')}
                data={typeOptions(entry.type)}
                value={entry.type ?? ''}
                onChange={(event) => update(entry.key, { type: event.currentTarget.value || null })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size={36}
                mt={25}
                onClick={() => onChange(entries.filter((other) => other.key !== entry.key))}
                aria-label={
                  phones ? t('contacts.form.removePhone', { number }) : t('contacts.form.removeEmail', { number })
                }
              >
                <IconX size={18} aria-hidden="true" />
              </ActionIcon>
            </Group>
          </Group>
        );
      })}
      <Button
        variant="subtle"
        size="compact-sm"
        w="fit-content"
        leftSection={<IconPlus size={16} aria-hidden="true" />}
        onClick={() => onChange([...entries, emptyEntry(phones ? 'cell' : null)])}
      >
        {phones ? t('contacts.form.addPhone') : t('contacts.form.addEmail')}
      </Button>
    </Stack>
  );
}
