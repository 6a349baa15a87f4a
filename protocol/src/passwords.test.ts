import { describe, expect, it } from 'vitest';
import {
  checkPasswordShape,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordSchema,
  passwordLength,
  passwordShapeProblems,
} from './passwords.js';

describe('checkPasswordShape', () => {
  it('passes a password of 8 characters with a letter and a digit', () => {
    expect(checkPasswordShape('abcdefg1')).toEqual({ length: true, letter: true, digit: true });
  });

  it('reports each rule on its own', () => {
    expect(checkPasswordShape('abc1234')).toEqual({ length: false, letter: true, digit: true });
    expect(checkPasswordShape('12345678')).toEqual({ length: true, letter: false, digit: true });
    expect(checkPasswordShape('abcdefgh')).toEqual({ length: true, letter: true, digit: false });
    expect(checkPasswordShape('')).toEqual({ length: false, letter: false, digit: false });
  });

  it('counts any Unicode letter as a letter and any decimal digit as a digit', () => {
    // Cyrillic letters with ASCII digits; ASCII letters with Arabic-Indic digits (U+0660–0669).
    expect(checkPasswordShape('Пароль12')).toEqual({ length: true, letter: true, digit: true });
    expect(checkPasswordShape('abcdefg\u0663')).toEqual({ length: true, letter: true, digit: true });
    expect(checkPasswordShape('\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668').letter).toBe(false);
    // Symbols and punctuation are neither.
    expect(checkPasswordShape('!@#$%^&*()')).toEqual({ length: true, letter: false, digit: false });
  });

  it('accepts 128 characters and refuses 129', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(checkPasswordShape('a1'.repeat(64)).length).toBe(true);
    expect(checkPasswordShape('a1'.repeat(64) + 'b').length).toBe(false);
  });

  it('counts code points, not UTF-16 units', () => {
    // U+1F600 is two UTF-16 units but one code point.
    expect('😀'.length).toBe(2);
    expect(passwordLength('😀')).toBe(1);
    expect(checkPasswordShape('abc123😀').length).toBe(false); // 7 code points, 8 units
    expect(checkPasswordShape('abc1234😀').length).toBe(true);
    expect(checkPasswordShape('a1' + '😀'.repeat(126)).length).toBe(true); // 128 code points, 254 units
    expect(checkPasswordShape('a1' + '😀'.repeat(127)).length).toBe(false);
  });

  it('counts the composed (NFC) form, so "é" is one character however it was typed', () => {
    expect(passwordLength('caf\u00e9')).toBe(4);
    expect(passwordLength('cafe\u0301')).toBe(4);
  });
});

describe('passwordShapeProblems', () => {
  it('lists every shape problem in report order', () => {
    expect(passwordShapeProblems('')).toEqual(['too_short', 'needs_letter', 'needs_digit']);
    expect(passwordShapeProblems('!'.repeat(129))).toEqual(['too_long', 'needs_letter', 'needs_digit']);
    expect(passwordShapeProblems('Orchid-2024')).toEqual([]);
  });
});

describe('PasswordSchema', () => {
  it('is only a transport limit: 1–1024 characters, never trimmed', () => {
    expect(PasswordSchema.safeParse('').success).toBe(false);
    expect(PasswordSchema.safeParse('x'.repeat(1025)).success).toBe(false);
    expect(PasswordSchema.parse('short')).toBe('short');
    expect(PasswordSchema.parse('  spaced  ')).toBe('  spaced  ');
  });
});
