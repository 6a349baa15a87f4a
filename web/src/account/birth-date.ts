/** A date of birth as three select boxes hold it: "" while a part is not chosen. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

export type DateProblem = 'incomplete' | 'notReal' | 'future';

/** "2001-02-03" for a real date in the past, or why the parts are not one. */
export function toIsoDate(parts: DateParts, today = new Date()): { date: string } | { problem: DateProblem } {
  const [day, month, year] = [parts.day, parts.month, parts.year].map(Number) as [number, number, number];
  if (parts.day === '' || parts.month === '' || parts.year === '') return { problem: 'incomplete' };
  const instant = new Date(Date.UTC(year, month - 1, day));
  // 31 February becomes 3 March: a date that does not exist does not survive the round trip.
  if (instant.getUTCFullYear() !== year || instant.getUTCMonth() !== month - 1 || instant.getUTCDate() !== day) {
    return { problem: 'notReal' };
  }
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (instant.getTime() > todayUtc) return { problem: 'future' };
  const pad = (value: number, length: number) => String(value).padStart(length, '0');
  return { date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}
