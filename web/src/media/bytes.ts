import { useTranslation } from 'react-i18next';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A size as people read it, in the given language: "5 GB", "1,5 МБ", "340 KB", "12 bytes".
 * Steps of 1024, as phones and computers count storage; one decimal below 10 units, none above.
 */
export function formatBytes(bytes: number, locale: string | undefined): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const format = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  });
  return format.format(value);
}

/** formatBytes in the portal's current language. */
export function useBytesFormat(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage;
  return (bytes) => formatBytes(bytes, locale);
}
