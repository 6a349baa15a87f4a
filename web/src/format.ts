import { useTranslation } from 'react-i18next';

/** Formats instants in the portal's current language, e.g. "22 Nov 2026, 14:05" or "2026年11月22日 14:05". */
export function useDateTimeFormat(options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }) {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage, options);
  return (instant: string | number | Date) => format.format(new Date(instant));
}
