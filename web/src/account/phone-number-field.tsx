import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { callingCodeOf, callingCodeOptions, readPhone, type CallingCodeOption } from './phone-numbers';

export interface PhoneValue {
  /** The country whose calling code the number is read with. */
  country: string | null;
  /** The number as typed: national, or international with "+". */
  number: string;
}

interface PhoneNumberFieldProps {
  value: PhoneValue;
  /** `chosen` is true when the person picked the calling code themselves. */
  onChange: (value: PhoneValue, chosen: boolean) => void;
  /** The page's own words for what is wrong, as each form asks for a number differently. */
  callingCodeError?: string | undefined;
  numberError?: string | undefined;
  numberRef?: Ref<HTMLInputElement>;
}

/**
 * A mobile number as a calling code (a searchable list of countries) and the number itself, for
 * signing up and for a new phone on the account. A whole international number typed or filled in
 * by the browser ("+49 170…") picks its country.
 */
export function PhoneNumberField({ value, onChange, callingCodeError, numberError, numberRef }: PhoneNumberFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const options = useMemo(() => callingCodeOptions(language), [language]);
  const callingCode = value.country === null ? null : callingCodeOf(value.country);

  /** Leaving the field tidies a number that reads right: its country's format, its country chosen. */
  function tidy() {
    if (value.country === null) return;
    const read = readPhone(value.number, value.country);
    // A number of no country (+882…, satellites) stays as typed: no calling code in the list is its.
    if (read?.country == null) return;
    // Already tidy: nothing to change, so an error the form shows for it ("already yours") stays.
    if (read.country === value.country && read.national === value.number) return;
    onChange({ country: read.country, number: read.national }, read.country !== value.country);
  }

  return (
    <Stack gap="md">
      <Select
        data-field="callingCode"
        label={t('phoneNumber.callingCode')}
        data={options}
        value={value.country}
        onChange={(country) => onChange({ ...value, country }, true)}
        renderOption={({ option }) => {
          const item = option as CallingCodeOption;
          return (
            <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
              <Text size="sm">{item.name}</Text>
              <Text size="sm" c="dimmed" dir="ltr" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {item.callingCode}
              </Text>
            </Group>
          );
        }}
        searchable
        allowDeselect={false}
        nothingFoundMessage={t('phoneNumber.callingCodeNotFound')}
        leftSection={<IconSearch size={16} stroke={1.6} aria-hidden="true" />}
        comboboxProps={{ shadow: 'md' }}
        maxDropdownHeight={280}
        error={callingCodeError}
        autoComplete="off"
        required
      />
      <TextInput
        ref={numberRef}
        data-field="phone"
        label={t('phoneNumber.number')}
        description={t('phoneNumber.hint')}
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        dir="ltr"
        value={value.number}
        onChange={(event) => onChange({ ...value, number: event.currentTarget.value }, false)}
        onBlur={tidy}
        leftSection={
          callingCode === null ? undefined : (
            <Text size="sm" c="dimmed" aria-hidden="true" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {callingCode}
            </Text>
          )
        }
        leftSectionWidth={callingCode === null ? undefined : 16 + callingCode.length * 9}
        leftSectionPointerEvents="none"
        error={numberError}
        required
      />
    </Stack>
  );
}
