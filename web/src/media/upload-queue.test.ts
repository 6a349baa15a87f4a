import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error';
import type { uploadMediaFile } from './upload';
import { UploadQueue } from './upload-queue';

type Upload = typeof uploadMediaFile;

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);
const describeFile = (item: File) => ({ section: 'files' as const, name: item.name });

/** An upload that finishes when the test says so. */
function controlledUploads() {
  const started: string[] = [];
  const finish = new Map<string, (error?: Error) => void>();
  const upload: Upload = (item, _description, options) => {
    started.push(item.name);
    options?.onProgress?.({ phase: 'uploading', done: 5, total: item.size });
    return new Promise((resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
      finish.set(item.name, (error) => (error === undefined ? resolve(`id-${item.name}`) : reject(error)));
    });
  };
  return { upload, started, finish };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('uploads one file after another, showing each one’s progress, and refreshes the lists after each', async () => {
    const { upload, started, finish } = controlledUploads();
    let refreshed = 0;
    const queue = new UploadQueue(upload, () => {
      refreshed += 1;
      return Promise.resolve();
    });
    queue.add([file('a.txt'), file('b.txt')], describeFile);
    await settle();
    expect(started).toEqual(['a.txt']);
    expect(queue.snapshot().map((item) => [item.name, item.status, item.done])).toEqual([
      ['a.txt', 'uploading', 5],
      ['b.txt', 'waiting', 0],
    ]);
    finish.get('a.txt')?.();
    await settle();
    expect(started).toEqual(['a.txt', 'b.txt']);
    expect(refreshed).toBe(1);
    finish.get('b.txt')?.(new ApiError(507, null));
    await settle();
    expect(queue.snapshot().map((item) => item.status)).toEqual(['done', 'failed']);
    expect(queue.snapshot()[1]?.error).toBeInstanceOf(ApiError);
    expect(refreshed).toBe(1);
  });

  it('cancels a running or waiting upload and moves on; a dismissed one leaves the list', async () => {
    const { upload, started } = controlledUploads();
    const queue = new UploadQueue(upload, () => Promise.resolve());
    const [first = '', second = '', third = ''] = queue.add([file('a'), file('b'), file('c')], describeFile);
    await settle();
    queue.cancel(second);
    queue.cancel(first);
    await settle();
    expect(started).toEqual(['a', 'c']);
    expect(queue.snapshot().map((item) => item.status)).toEqual(['cancelled', 'cancelled', 'uploading']);
    queue.dismiss(first);
    expect(queue.snapshot().map((item) => item.key)).toEqual([second, third]);
  });

  it('tells its listeners about every change', async () => {
    const { upload } = controlledUploads();
    const queue = new UploadQueue(upload, () => Promise.resolve());
    let calls = 0;
    const stop = queue.subscribe(() => (calls += 1));
    queue.add([file('a')], describeFile);
    await settle();
    expect(calls).toBeGreaterThanOrEqual(2);
    stop();
  });
});
