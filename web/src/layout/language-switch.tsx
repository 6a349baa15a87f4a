import { ActionIcon, Menu, Select } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLocale, isLocale, LANGUAGE_NAMES } from '../i18n';

const OPTIONS = Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }));

/**
 * Picks the portal's language; i18next's detector remembers the choice in localStorage. A select
 * on wide screens; on phones, where the header has no room for one, an icon with a menu.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = currentLocale();
  const choose = (value: string | null) => {
    if (isLocale(value)) void i18n.changeLanguage(value);
  };
  return (
    <>
      <Select
        // The language shown in the field is part of its name, as speech users read it.
        aria-label={t('language.current', { language: LANGUAGE_NAMES[current] })}
        data={OPTIONS}
        value={current}
        onChange={choose}
        allowDeselect={false}
        withCheckIcon={false}
        leftSection={<IconLanguage size={18} stroke={1.6} aria-hidden="true" />}
        renderOption={({ option }) => <span lang={option.value}>{option.label}</span>}
        comboboxProps={{ shadow: 'md' }}
        w={136}
        visibleFrom="sm"
      />
      <Menu position="bottom-end" shadow="md" width={160}>
        <Menu.Target>
          <ActionIcon
            variant="default"
            size={36}
            radius="md"
            hiddenFrom="sm"
            aria-label={t('language.current', { language: LANGUAGE_NAMES[current] })}
          >
            <IconLanguage size={20} stroke={1.6} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {OPTIONS.map((option) => (
            <Menu.Item
              key={option.value}
              lang={option.value}
              onClick={() => choose(option.value)}
              rightSection={option.value === current ? <IconCheck size={16} aria-hidden="true" /> : null}
              aria-current={option.value === current ? 'true' : undefined}
            >
              {option.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
