import type { Storage } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { storageFigures } from './storage-figures';

const GB = 1024 ** 3;
const storage = (usedBytes: number, breakdown: Partial<Storage['breakdown']> = {}, readOnly = false): Storage => ({
  quotaBytes: 5 * GB,
  usedBytes,
  breakdown: { gallery: 0, recordings: 0, files: 0, records: 0, bin: 0, uploads: 0, ...breakdown },
  readOnly,
  plan: 'free',
});

describe('storageFigures', () => {
  it('gives each part its share of the quota, in the order of the page', () => {
    const figures = storageFigures(storage(2 * GB, { gallery: GB, files: 0.5 * GB, bin: 0.5 * GB }));
    expect(figures.usedPercent).toBe(40);
    expect(figures.freeBytes).toBe(3 * GB);
    expect(figures.state).toBe('ok');
    expect(figures.bar.map((part) => [part.key, part.percent])).toEqual([
      ['gallery', 20],
      ['recordings', 0],
      ['files', 10],
      ['records', 0],
      ['bin', 10],
      ['uploads', 0],
    ]);
  });

  it('warns when nearly full and says how far over a full account is', () => {
    expect(storageFigures(storage(4.6 * GB)).state).toBe('nearlyFull');
    const over = storageFigures(storage(6 * GB, { gallery: 4 * GB, files: 2 * GB }, true));
    expect(over.state).toBe('full');
    expect(over.freeBytes).toBe(0);
    expect(over.overBytes).toBe(GB);
    // The bar stops at its end: the files that do not fit are not drawn past it.
    expect(over.bar.reduce((sum, part) => sum + part.percent, 0)).toBe(100);
  });

  it('is full when the server says the account is read-only', () => {
    expect(storageFigures(storage(GB, {}, true)).state).toBe('full');
  });
});
