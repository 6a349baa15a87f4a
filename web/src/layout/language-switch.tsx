import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLocale, isLocale, LANGUAGE_NAMES } from '../i18n';

const OPTIONS = Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }));

/** Picks the portal's language; i18next's detector remembers the choice in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      data={OPTIONS}
      value={currentLocale()}
      onChange={(value) => {
        if (isLocale(value)) void i18n.changeLanguage(value);
      }}
      allowDeselect={false}
      withCheckIcon={false}
      leftSection={<IconLanguage size={18} stroke={1.6} aria-hidden="true" />}
      renderOption={({ option }) => <span lang={option.value}>{option.label}</span>}
      comboboxProps={{ shadow: 'md' }}
      w={136}
    />
  );
}
