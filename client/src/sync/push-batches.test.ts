import { MAX_PUSH_BYTES, MAX_PUSH_ITEMS, type PushItem } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { pushBatches } from './push-batches.js';

const item = (index: number, body = ''): PushItem => ({
  id: `n-${index}`,
  op: 'upsert',
  baseVersion: null,
  data: { title: 'x', body },
});

describe('pushBatches', () => {
  it('keeps every push within the item limit, in order', () => {
    const items = Array.from({ length: MAX_PUSH_ITEMS * 2 + 1 }, (_, index) => item(index));
    const batches = pushBatches(items);
    expect(batches.map((batch) => batch.length)).toEqual([MAX_PUSH_ITEMS, MAX_PUSH_ITEMS, 1]);
    expect(batches.flat()).toEqual(items);
  });

  it('keeps every push within the byte limit', () => {
    const items = Array.from({ length: 9 }, (_, index) => item(index, 'x'.repeat(900 * 1024)));
    const batches = pushBatches(items);
    for (const batch of batches) {
      expect(Buffer.byteLength(JSON.stringify({ items: batch }))).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    }
    expect(batches.flat()).toEqual(items);
    expect(batches.length).toBeGreaterThan(2);
  });
});
