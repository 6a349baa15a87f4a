import { ActionIcon, Loader, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface SearchFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** A search is on its way: the results below are the previous ones. */
  searching?: boolean;
}

/** A labelled search box with a clear button; Escape clears it too. */
export function SearchField({ label, value, onChange, placeholder, searching = false }: SearchFieldProps) {
  const { t } = useTranslation();
  const clear =
    value === '' ? null : (
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={() => onChange('')}
        aria-label={t('recordsCommon.clearSearch')}
      >
        <IconX size={16} aria-hidden="true" />
      </ActionIcon>
    );
  return (
    <TextInput
      className="cloud-search"
      type="search"
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && value !== '') {
          event.preventDefault();
          onChange('');
        }
      }}
      leftSection={
        searching ? (
          <Loader size={14} aria-label={t('recordsCommon.searching')} />
        ) : (
          <IconSearch size={16} stroke={1.6} aria-hidden="true" />
        )
      }
      rightSection={clear}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
