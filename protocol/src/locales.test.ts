import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locales.js';

describe('resolveLocale', () => {
  it('maps regional tags to the languages Nimbus speaks', () => {
    expect(resolveLocale('ru-RU')).toBe('ru');
    expect(resolveLocale('zh-Hans-CN')).toBe('zh');
    expect(resolveLocale('EN_gb')).toBe('en');
  });
  it('falls back to English for anything else', () => {
    expect(resolveLocale('de-DE')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
    expect(resolveLocale('')).toBe('en');
  });
});
