import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256OfFile } from './hash-file';

describe('the SHA-256 of a file in the browser', () => {
  it('is the digest of its bytes, read slice by slice with progress', async () => {
    const bytes = new Uint8Array(20 * 1024 * 1024 + 7).map((_, index) => (index * 31) % 251);
    const progress: number[] = [];
    const digest = await sha256OfFile(new Blob([bytes]), (hashed) => progress.push(hashed));
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress).toEqual([8 * 1024 * 1024, 16 * 1024 * 1024, bytes.length]);
  });

  it('of an empty file is the digest of nothing', async () => {
    expect(await sha256OfFile(new Blob([]), () => undefined)).toBe(createHash('sha256').digest('hex'));
  });
});
