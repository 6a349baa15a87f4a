import { describe, expect, it } from 'vitest';
import { durationSeconds, recordingTitle, titleFromFileName } from './recording-title';

describe('titleFromFileName', () => {
  it('drops the extension', () => {
    expect(titleFromFileName('Lecture 3.m4a')).toBe('Lecture 3');
    expect(titleFromFileName('call.2026-11-20.amr')).toBe('call.2026-11-20');
    expect(titleFromFileName('.hidden')).toBe('.hidden');
    expect(titleFromFileName('memo')).toBe('memo');
  });
});

describe('recordingTitle', () => {
  it('is null for a missing or blank title', () => {
    expect(recordingTitle({ title: null })).toBeNull();
    expect(recordingTitle({ title: '  ' })).toBeNull();
    expect(recordingTitle({ title: ' Interview ' })).toBe('Interview');
  });
});

describe('durationSeconds', () => {
  it('rounds to whole seconds, and a short recording lasts a second', () => {
    expect(durationSeconds(null)).toBeNull();
    expect(durationSeconds(0)).toBeNull();
    expect(durationSeconds(300)).toBe(1);
    expect(durationSeconds(61_600)).toBe(62);
  });
});
