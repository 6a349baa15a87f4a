import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error';
import { UploadQueue, type UploadTransport } from './upload-queue';

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);
const describeFile = (item: File) => ({ section: 'files' as const, name: item.name });
const hashOf = (name: string) => name.padEnd(64, '0');

/**
 * A server and browser stand-in: sends finish when the test says so; `known` hashes need no upload;
 * `unfinished` names files the browser remembers an unfinished upload of (with its hash).
 */
function fakeTransport({ known = [] as string[], created = true, unfinished = new Map<string, string>() } = {}) {
  const hashed: string[] = [];
  const asked: string[][] = [];
  const started: string[] = [];
  const resumed: string[] = [];
  const fromKnown: string[] = [];
  const discarded: string[] = [];
  const finish = new Map<string, (error?: Error) => void>();
  const urlOf = (name: string) => `http://nimbus.test/api/v1/uploads/${name}`;
  const transport: UploadTransport = {
    resume: {
      find: ({ source }, sha256) =>
        Promise.resolve(unfinished.get(source.name) === sha256 ? urlOf(source.name) : undefined),
      remember: () => Promise.resolve(),
      forget: () => Promise.resolve(),
    },
    hash: (item, onProgress) => {
      hashed.push(item.name);
      onProgress(item.size);
      return Promise.resolve(hashOf(item.name));
    },
    missing: (hashes) => {
      asked.push([...hashes]);
      return Promise.resolve(new Set(hashes.filter((hash) => !known.includes(hash))));
    },
    fromKnownBytes: (_file, item) => {
      fromKnown.push(item.name);
      return Promise.resolve({ id: `id-${item.name}`, created });
    },
    tus: {
      discard: (url) => {
        discarded.push(url.split('/').at(-1) ?? '');
        return Promise.resolve();
      },
      send: (item, _description, options) => {
        started.push(item.name);
        if (options.uploadUrl !== undefined) resumed.push(item.name);
        options.onProgress?.(5, item.size);
        return new Promise((resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
          finish.set(item.name, (error) =>
            error === undefined ? resolve({ itemId: `id-${item.name}`, resumedAt: 0 }) : reject(error),
          );
        });
      },
    },
    stopping: 'cancel',
  };
  return { transport, hashed, asked, started, resumed, fromKnown, discarded, finish };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const statuses = (queue: UploadQueue) => queue.snapshot().map((item) => item.status);

describe('UploadQueue', () => {
  it('hashes files added together, asks once which are missing, then sends them one after another', async () => {
    const fake = fakeTransport();
    let refreshed = 0;
    const queue = new UploadQueue(fake.transport, () => {
      refreshed += 1;
      return Promise.resolve();
    });
    queue.add([file('a.txt'), file('b.txt')], describeFile);
    await settle();
    expect(fake.hashed).toEqual(['a.txt', 'b.txt']);
    expect(fake.asked).toEqual([[hashOf('a.txt'), hashOf('b.txt')]]);
    expect(fake.started).toEqual(['a.txt']);
    expect(queue.snapshot().map((item) => [item.name, item.status, item.done])).toEqual([
      ['a.txt', 'uploading', 5],
      ['b.txt', 'checking', 0],
    ]);
    fake.finish.get('a.txt')?.();
    await settle();
    expect(fake.started).toEqual(['a.txt', 'b.txt']);
    expect(refreshed).toBe(1);
    expect(queue.snapshot()[0]?.itemId).toBe('id-a.txt');
    fake.finish.get('b.txt')?.(new ApiError(507, null));
    await settle();
    expect(statuses(queue)).toEqual(['done', 'failed']);
    expect(queue.snapshot()[1]?.error).toBeInstanceOf(ApiError);
    expect(refreshed).toBe(1);
  });

  it('sends nothing for bytes the account has: an existing item is "skipped", a new one from them "done"', async () => {
    const existing = fakeTransport({ known: [hashOf('a.jpg')], created: false });
    const queue = new UploadQueue(existing.transport, () => Promise.resolve());
    queue.add([file('a.jpg')], describeFile);
    await settle();
    expect(existing.started).toEqual([]);
    expect(existing.fromKnown).toEqual(['a.jpg']);
    expect(statuses(queue)).toEqual(['skipped']);

    const copy = fakeTransport({ known: [hashOf('a.jpg')], created: true });
    const other = new UploadQueue(copy.transport, () => Promise.resolve());
    other.add([file('a.jpg')], describeFile);
    await settle();
    expect(statuses(other)).toEqual(['done']);
  });

  it('continues an unfinished upload of the same bytes, not one of other bytes', async () => {
    const fake = fakeTransport({
      unfinished: new Map([
        ['big.mp4', hashOf('big.mp4')],
        ['b.mp4', 'f'.repeat(64)],
      ]),
    });
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    queue.add([file('big.mp4'), file('b.mp4')], describeFile);
    await settle();
    fake.finish.get('big.mp4')?.();
    await settle();
    expect(fake.started).toEqual(['big.mp4', 'b.mp4']);
    expect(fake.resumed).toEqual(['big.mp4']);
  });

  it('drops an unfinished upload of bytes the account turns out to have', async () => {
    const fake = fakeTransport({ known: [hashOf('a.jpg')], unfinished: new Map([['a.jpg', hashOf('a.jpg')]]) });
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    queue.add([file('a.jpg')], describeFile);
    await settle();
    expect(fake.discarded).toEqual(['a.jpg']);
    expect(fake.started).toEqual([]);
  });

  it('cancels a running or waiting upload and moves on; a dismissed one leaves the list', async () => {
    const fake = fakeTransport();
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    const [first = '', second = '', third = ''] = queue.add([file('a'), file('b'), file('c')], describeFile);
    await settle();
    queue.cancel(second);
    queue.cancel(first);
    await settle();
    expect(fake.started).toEqual(['a', 'c']);
    expect(statuses(queue)).toEqual(['cancelled', 'cancelled', 'uploading']);
    queue.dismiss(first);
    expect(queue.snapshot().map((item) => item.key)).toEqual([second, third]);
    queue.dismiss(third);
    expect(queue.snapshot().map((item) => item.key)).toEqual([second, third]);
  });

  it('tries a failed upload again, and clears the finished ones of a section', async () => {
    const fake = fakeTransport();
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    const [key = ''] = queue.add([file('a')], describeFile);
    queue.add([file('g')], (item) => ({ section: 'gallery' as const, name: item.name }));
    await settle();
    fake.finish.get('a')?.(new Error('offline'));
    await settle();
    expect(statuses(queue)).toEqual(['failed', 'uploading']);
    queue.retry(key);
    await settle();
    expect(fake.started).toEqual(['a', 'g']);
    fake.finish.get('g')?.();
    await settle();
    expect(fake.started).toEqual(['a', 'g', 'a']);
    expect(statuses(queue)).toEqual(['uploading', 'done']);
    fake.finish.get('a')?.();
    await settle();
    queue.clearFinished('gallery');
    expect(queue.snapshot().map((item) => item.name)).toEqual(['a']);
  });

  it('fails every file of a batch when the server cannot say which are missing', async () => {
    const fake = fakeTransport();
    fake.transport.missing = () => Promise.reject(new ApiError(503, null));
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    queue.add([file('a'), file('b')], describeFile);
    await settle();
    expect(statuses(queue)).toEqual(['failed', 'failed']);
  });

  it('tells its listeners about every change', async () => {
    const fake = fakeTransport();
    const queue = new UploadQueue(fake.transport, () => Promise.resolve());
    let calls = 0;
    const stop = queue.subscribe(() => (calls += 1));
    queue.add([file('a')], describeFile);
    await settle();
    expect(calls).toBeGreaterThanOrEqual(2);
    stop();
  });
});
