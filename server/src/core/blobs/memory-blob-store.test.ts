import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { describeBlobStoreContract, sha256Of } from './blob-store.conformance.js';
import { BlobNotFoundError, withLocalFile } from './index.js';
import { MemoryBlobStore } from './memory-blob-store.test-helpers.js';

describeBlobStoreContract('MemoryBlobStore (streams only)', () => {
  let store = new MemoryBlobStore();
  return Promise.resolve({
    store,
    blobs: () => Promise.resolve([...store.blobs.keys()].sort()),
    staged: () => Promise.resolve([...store.staging.keys()]),
    async crashWriter() {
      const writer = await store.stage();
      void writer.write(
        (async function* () {
          for (;;) {
            yield Buffer.alloc(1024, 1);
            await nextTurn();
          }
        })(),
      );
      await nextTurn();
      // What survives a process: the committed blobs; the writer's staged parts die with it.
      store = new MemoryBlobStore(store.blobs);
      return store;
    },
    close: () => Promise.resolve(),
  });
});

describe('withLocalFile on a store without files', () => {
  it('streams the blob to a private temporary file and removes it afterwards, also on failure', async () => {
    const store = new MemoryBlobStore();
    const content = Buffer.from('the bytes of a video');
    const { sha256 } = await store.put(Readable.from([content]));
    let seen = '';
    const read = await withLocalFile(store, sha256, async (path) => {
      seen = path;
      return readFile(path);
    });
    expect(read.equals(content)).toBe(true);
    expect(existsSync(dirname(seen))).toBe(false);

    await expect(
      withLocalFile(store, sha256, (path) => {
        seen = path;
        return Promise.reject(new Error('ffmpeg crashed'));
      }),
    ).rejects.toThrow('ffmpeg crashed');
    expect(existsSync(dirname(seen))).toBe(false);
    await expect(withLocalFile(store, sha256Of(Buffer.from('gone')), () => Promise.resolve())).rejects.toBeInstanceOf(
      BlobNotFoundError,
    );
  });
});
