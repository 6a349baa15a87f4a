/** Calendar arithmetic on local days (midnight in the browser's zone). */

export const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
export const addDays = (date: Date, days: number) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
export const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** The first day of the week where the language is spoken: 0 Sunday … 6 Saturday. */
export function firstDayOfWeek(language: string | undefined): number {
  try {
    const locale = new Intl.Locale(language ?? 'en') as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = locale.getWeekInfo?.() ?? locale.weekInfo;
    // Intl counts 1 Monday … 7 Sunday.
    if (info !== undefined) return info.firstDay % 7;
  } catch {
    // An engine without week data: Monday, as in most of the world.
  }
  return 1;
}

/** The weeks that show a month: from the week of its first day to the week of its last, 7 days each. */
export function monthWeeks(year: number, month: number, weekStart: number): Date[][] {
  const first = new Date(year, month, 1);
  const last = new Date(year, month + 1, 0);
  const weeks: Date[][] = [];
  for (let day = addDays(first, -((first.getDay() - weekStart + 7) % 7)); day <= last; day = addDays(day, 7)) {
    const monday = day;
    weeks.push(Array.from({ length: 7 }, (_, index) => addDays(monday, index)));
  }
  return weeks;
}
