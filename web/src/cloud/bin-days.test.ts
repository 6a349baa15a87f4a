import { TOMBSTONE_DAYS } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { BIN_DAYS } from './bin-days';

describe('the days the recycle bin page tells about', () => {
  it('are the days the server keeps deleted records', () => {
    expect(BIN_DAYS).toBe(TOMBSTONE_DAYS);
  });
});
