import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error';
import { sha256OfFile, shouldRetryUpload, uploadFailure, uploadMetadata } from './upload';

describe('sha256OfFile', () => {
  it('hashes a file read in chunks, reporting progress up to its size', async () => {
    const bytes = new Uint8Array(300_000).map((_, index) => (index * 7) % 251);
    const seen: number[] = [];
    const digest = await sha256OfFile(new Blob([bytes]), (done) => seen.push(done));
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(seen.at(-1)).toBe(bytes.length);
  });

  it('of an empty file is the digest of nothing', async () => {
    expect(await sha256OfFile(new Blob([]))).toBe(createHash('sha256').digest('hex'));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256OfFile(new Blob(['abc']), undefined, controller.signal)).rejects.toThrow(/cancelled/);
  });
});

describe('uploadMetadata', () => {
  it('keeps the fields given, as text', () => {
    expect(
      uploadMetadata({ section: 'files', name: 'a.txt', sha256: 'f'.repeat(64), folderId: undefined, title: '' }),
    ).toEqual({ section: 'files', name: 'a.txt', sha256: 'f'.repeat(64) });
  });
});

describe('shouldRetryUpload', () => {
  it('tries again after a lost connection or a passing failure, never after a refusal or a full account', () => {
    expect(shouldRetryUpload(null)).toBe(true);
    expect(shouldRetryUpload(0)).toBe(true);
    expect(shouldRetryUpload(503)).toBe(true);
    expect(shouldRetryUpload(423)).toBe(true);
    expect(shouldRetryUpload(429)).toBe(true);
    expect(shouldRetryUpload(507)).toBe(false);
    expect(shouldRetryUpload(400)).toBe(false);
    expect(shouldRetryUpload(404)).toBe(false);
  });
});

describe('uploadFailure', () => {
  const response = (status: number, body: string) => ({
    getStatus: () => status,
    getHeader: () => undefined,
    getBody: () => body,
    getUnderlyingObject: () => null,
  });

  it('reads the API error a tus answer carries', () => {
    const body = { error: { code: 'insufficient_storage', message: 'Not enough storage', details: { freeBytes: 5 } } };
    const error = Object.assign(new Error('tus: unexpected response'), {
      originalResponse: response(507, JSON.stringify(body)),
    });
    const failure = uploadFailure(error);
    if (!(failure instanceof ApiError)) throw new Error('not an ApiError');
    expect(failure.status).toBe(507);
    expect(failure.code).toBe('insufficient_storage');
    expect(failure.details).toEqual({ freeBytes: 5 });
  });

  it('keeps a network failure as it is', () => {
    const error = new Error('offline');
    expect(uploadFailure(error)).toBe(error);
  });
});
