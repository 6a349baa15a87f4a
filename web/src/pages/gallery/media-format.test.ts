import { describe, expect, it } from 'vitest';
import { formatDuration, formatPlace, monthLabel } from './media-format';

describe('the gallery’s words and numbers', () => {
  it('name months in the reader’s language, capitalised as a heading', () => {
    expect(monthLabel('2026-11', 'en')).toBe('November 2026');
    expect(monthLabel('2026-01', 'ru')).toMatch(/^Январь 2026/);
    expect(monthLabel('2026-11', 'zh')).toBe('2026年11月');
    expect(monthLabel('garbage', 'en')).toBe('garbage');
  });

  it('give lengths as a player does', () => {
    expect(formatDuration(7_000)).toBe('0:07');
    expect(formatDuration(750_400)).toBe('12:30');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('give places as coordinates', () => {
    expect(formatPlace({ latitude: 48.856613, longitude: 2.352222 }, 'en')).toBe('48.85661, 2.35222');
  });
});
