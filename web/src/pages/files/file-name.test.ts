import { describe, expect, it } from 'vitest';
import { baseNameLength, nameProblem } from './file-name';

describe('nameProblem', () => {
  it('accepts ordinary names in any script', () => {
    expect(nameProblem('Report 2026.pdf')).toBeNull();
    expect(nameProblem('  Отчёт ')).toBeNull();
    expect(nameProblem('照片')).toBeNull();
  });

  it('says what is wrong, as the server would', () => {
    expect(nameProblem('   ')).toBe('empty');
    expect(nameProblem('a'.repeat(256))).toBe('tooLong');
    expect(nameProblem('a/b')).toBe('slash');
    expect(nameProblem('a\\b')).toBe('slash');
    expect(nameProblem('..')).toBe('dots');
    expect(nameProblem('a\u0007b')).toBe('control');
  });
});

describe('baseNameLength', () => {
  it('leaves the extension out', () => {
    expect(baseNameLength('report.pdf')).toBe(6);
    expect(baseNameLength('archive.tar.gz')).toBe(11);
    expect(baseNameLength('.bashrc')).toBe(7);
    expect(baseNameLength('Music')).toBe(5);
  });
});
