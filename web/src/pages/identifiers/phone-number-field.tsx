import { Grid, Select, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { callingCode, callingCodeOptions, exampleNumber } from './phone-numbers';

interface PhoneNumberFieldProps {
  region: string;
  number: string;
  onRegionChange: (region: string) => void;
  onNumberChange: (number: string) => void;
  error?: string | undefined;
  numberRef?: Ref<HTMLInputElement>;
}

/**
 * A phone number as people know their own: the country's calling code picked from a list, then
 * the number as it is written at home ("0151 23456789"). A number typed with "+" keeps its own code.
 */
export function PhoneNumberField({
  region,
  number,
  onRegionChange,
  onNumberChange,
  error,
  numberRef,
}: PhoneNumberFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const options = useMemo(() => callingCodeOptions(language), [language]);
  const example = exampleNumber(region);
  return (
    <Grid gutter="sm">
      <Grid.Col span={{ base: 12, xs: 5 }}>
        <Select
          label={t('identifiers.phone.callingCode')}
          data={options}
          value={region}
          onChange={(value) => {
            if (value !== null) onRegionChange(value);
          }}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('identifiers.phone.noCountry')}
          leftSection={<IconSearch size={16} stroke={1.6} aria-hidden="true" />}
          comboboxProps={{ shadow: 'md' }}
          maxDropdownHeight={280}
          autoComplete="off"
          required
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 7 }}>
        <TextInput
          ref={numberRef}
          label={t('identifiers.phone.number')}
          description={example === undefined ? undefined : t('identifiers.phone.example', { example })}
          // Below the field, so the two fields line up side by side on a wide screen.
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          leftSection={
            <Text size="sm" c="dimmed" aria-hidden="true">
              {callingCode(region)}
            </Text>
          }
          leftSectionWidth={56}
          value={number}
          onChange={(event) => onNumberChange(event.currentTarget.value)}
          error={error}
          required
        />
      </Grid.Col>
    </Grid>
  );
}
