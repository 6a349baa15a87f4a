import { useTranslation } from 'react-i18next';

/** The local calendar day of an instant, as "2026-11-22", to group and compare days by. */
export function dayKey(instant: string | Date): string {
  const date = new Date(instant);
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * Short times for lists in the portal's language: the time for today ("14:05"), the date for
 * other days ("22 Nov" or "22 Nov 2025" in another year).
 */
export function useListTime() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  const thisYear = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
  const otherYear = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  return (instant: string) => {
    const date = new Date(instant);
    const now = new Date();
    if (dayKey(date) === dayKey(now)) return time.format(date);
    return date.getFullYear() === now.getFullYear() ? thisYear.format(date) : otherYear.format(date);
  };
}

/** A day heading for lists: "Today", "Yesterday", or the full date. */
export function useDayHeading() {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'full' });
  return (key: string) => {
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (key === dayKey(today)) return t('messages.today');
    if (key === dayKey(yesterday)) return t('messages.yesterday');
    const [year = 0, month = 1, day = 1] = key.split('-').map(Number);
    return format.format(new Date(year, month - 1, day));
  };
}
