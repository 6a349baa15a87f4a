import { Box, Input, NativeSelect, Text } from '@mantine/core';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateParts } from './birth-date';

export const OLDEST_YEAR = 1900;

interface BirthDateFieldProps {
  value: DateParts;
  onChange: (value: DateParts) => void;
  error: string | null;
}

type Part = keyof DateParts;

/**
 * Date of birth as day, month and year selects in a labelled group: native selects, so phones show
 * their own wheels and screen readers announce each part. Chinese puts the year first.
 */
export function BirthDateField({ value, onChange, error }: BirthDateFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const legendId = useId();
  const errorId = useId();

  const options = useMemo(() => {
    const monthName = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
    const thisYear = new Date().getFullYear();
    const numbers = (from: number, to: number) =>
      Array.from({ length: Math.abs(to - from) + 1 }, (_, index) => String(from < to ? from + index : from - index));
    return {
      day: numbers(1, 31).map((day) => ({ value: day, label: day })),
      month: numbers(1, 12).map((month) => ({
        value: month,
        label: monthName.format(Date.UTC(2000, Number(month) - 1, 1)),
      })),
      year: numbers(thisYear, OLDEST_YEAR).map((year) => ({ value: year, label: year })),
    };
  }, [language]);

  const order: Part[] = language === 'zh' ? ['year', 'month', 'day'] : ['day', 'month', 'year'];
  const widths: Record<Part, string> = { day: '1fr', month: '1.7fr', year: '1.25fr' };

  return (
    <Box
      component="fieldset"
      aria-labelledby={legendId}
      aria-describedby={error === null ? undefined : errorId}
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
    >
      <Text component="legend" id={legendId} size="sm" fw={500} mb={4} p={0}>
        {t('register.birthDate')}
        <Text span c="var(--mantine-color-error)" aria-hidden="true">
          {' *'}
        </Text>
      </Text>
      <Box style={{ display: 'grid', gridTemplateColumns: order.map((part) => widths[part]).join(' '), gap: 8 }}>
        {order.map((part) => (
          <NativeSelect
            key={part}
            label={t(`register.birthDateParts.${part}`)}
            labelProps={{ fw: 400, c: 'dimmed', fz: 'xs' }}
            data={[{ value: '', label: '—', disabled: true }, ...options[part]]}
            value={value[part]}
            onChange={(event) => onChange({ ...value, [part]: event.currentTarget.value })}
            error={error !== null}
            aria-describedby={error === null ? undefined : errorId}
            autoComplete={`bday-${part}`}
            required
            withAsterisk={false}
          />
        ))}
      </Box>
      {error !== null && (
        <Input.Error id={errorId} mt={6}>
          {error}
        </Input.Error>
      )}
    </Box>
  );
}
