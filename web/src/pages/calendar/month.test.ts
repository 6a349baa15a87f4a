import { describe, expect, it } from 'vitest';
import { firstDayOfWeek, monthWeeks } from './month';

const label = (date: Date) => `${date.getMonth() + 1}/${date.getDate()}`;

describe('a month grid', () => {
  it('starts on the week’s first day and ends with the week of the month’s last day', () => {
    // November 2026 begins on a Sunday and ends on a Monday.
    const mondays = monthWeeks(2026, 10, 1);
    expect(mondays).toHaveLength(6);
    expect(label(mondays[0]?.[0] ?? new Date(NaN))).toBe('10/26');
    expect(label(mondays.at(-1)?.[6] ?? new Date(NaN))).toBe('12/6');
    const sundays = monthWeeks(2026, 10, 0);
    expect(sundays).toHaveLength(5);
    expect(label(sundays[0]?.[0] ?? new Date(NaN))).toBe('11/1');
    expect(sundays.flat()).toHaveLength(35);
  });

  it('fits February of a year whose first falls on the week’s first day in four weeks', () => {
    // 1 February 2026 is a Sunday.
    expect(monthWeeks(2026, 1, 0)).toHaveLength(4);
  });
});

describe('the first day of the week', () => {
  it('follows the language', () => {
    expect(firstDayOfWeek('en')).toBe(0);
    expect(firstDayOfWeek('ru')).toBe(1);
    expect(firstDayOfWeek('zh')).toBe(1);
  });
});
