import { describe, expect, it } from 'vitest';
import { clockDuration, isoDuration } from './call-duration';

describe('a call duration', () => {
  it('reads like a clock: minutes and seconds, hours only when there are some', () => {
    expect(clockDuration(0)).toBe('0:00');
    expect(clockDuration(42)).toBe('0:42');
    expect(clockDuration(725)).toBe('12:05');
    expect(clockDuration(3723)).toBe('1:02:03');
    expect(clockDuration(7 * 24 * 3600)).toBe('168:00:00');
  });

  it('is also written as an ISO 8601 duration for machines', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(65)).toBe('PT1M5S');
    expect(isoDuration(3600)).toBe('PT1H0S');
    expect(isoDuration(3723)).toBe('PT1H2M3S');
  });
});
