import { DELETION_GRACE_DAYS } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { GRACE_DAYS } from './grace-period';

describe('the grace period the delete page tells about', () => {
  it('is the one the server keeps', () => {
    expect(GRACE_DAYS).toBe(DELETION_GRACE_DAYS);
  });
});
