/** Words and numbers of the gallery in the reader's language: months, durations, places (sizes: media/bytes). */

/** "November 2026", "ноябрь 2026 г.", "2026年11月" for "2026-11". */
export function monthLabel(month: string, locale: string | undefined): string {
  const [year, monthNumber] = month.split('-').map(Number);
  if (year === undefined || monthNumber === undefined || Number.isNaN(year) || Number.isNaN(monthNumber)) return month;
  const label = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, monthNumber - 1, 1),
  );
  // Russian stand-alone month names start lower-case; a heading starts with a capital.
  return label.charAt(0).toLocaleUpperCase(locale) + label.slice(1);
}

/** "0:07", "12:30", "1:02:03": a duration as a player shows it. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "48.85661, 2.35222": a place as coordinates, five decimals (about a metre). */
export function formatPlace(location: { latitude: number; longitude: number }, locale: string | undefined): string {
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return `${number.format(location.latitude)}, ${number.format(location.longitude)}`;
}
