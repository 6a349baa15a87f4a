import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('steps by 1024 and keeps one decimal only for small numbers', () => {
    expect(formatBytes(0, 'en')).toBe('0 bytes');
    expect(formatBytes(1, 'en')).toBe('1 byte');
    expect(formatBytes(1023, 'en')).toBe('1,023 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(340 * 1024, 'en')).toBe('340 kB');
    expect(formatBytes(5 * 1024 ** 3, 'en')).toBe('5 GB');
    expect(formatBytes(12.34 * 1024 ** 2, 'en')).toBe('12 MB');
  });

  it('speaks the language it is given', () => {
    expect(formatBytes(1.5 * 1024 ** 2, 'ru')).toBe('1,5 МБ');
    expect(formatBytes(5 * 1024 ** 3, 'zh')).toMatch(/^5\s?GB$/);
  });

  it('never shows a negative size', () => {
    expect(formatBytes(-5, 'en')).toBe('0 bytes');
  });
});
