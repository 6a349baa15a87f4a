import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobChecksumMismatchError,
  BlobNotFoundError,
  BlobTooLargeError,
  InvalidBlobRangeError,
  InvalidSha256Error,
  type BlobStore,
} from './blob-store.js';

/** One store under test, with what the suite needs to see inside it. */
export interface BlobStoreHarness {
  store: BlobStore;
  /** The ids of every blob the store holds, sorted: what a reader could ever see. */
  blobs(): Promise<string[]>;
  /** Whatever writers have staged and not yet committed or discarded (temp files, pending parts). */
  staged(): Promise<string[]>;
  /**
   * Kills a writer mid-write the hardest way the store allows (for a file system, SIGKILL of another
   * process once some of its bytes are on disk), then opens the store again as the next process
   * would, and returns it.
   */
  crashWriter(): Promise<BlobStore>;
  close(): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** toEqual walks buffers byte by byte and takes seconds per MiB; compare natively, then say where they differ. */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  if (actual.equals(expected)) return;
  expect.fail(`bytes differ first at offset ${actual.findIndex((byte, i) => byte !== expected[i])}`);
}

/** A source that hands out `chunks` chunks of 1 KiB, one per turn, counting how many were pulled. */
function counted(chunks: number): { source: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < chunks; i++) {
      pulled++;
      yield Buffer.alloc(1024, i % 256);
      await nextTurn();
    }
  }
  return { source: source(), pulled: () => pulled };
}

/**
 * The contract of BlobStore (blob-store.ts), as tests any store must pass: call it from a test file
 * with a factory that opens a fresh, empty store for each test.
 */
export function describeBlobStoreContract(name: string, open: () => Promise<BlobStoreHarness>): void {
  describe(`${name} keeps the BlobStore contract`, () => {
    let harness: BlobStoreHarness;
    let store: BlobStore;
    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(() => harness.close());

    const expectNothingStored = async () => {
      expect(await harness.blobs()).toEqual([]);
      expect(await harness.staged()).toEqual([]);
    };

    it('stages bytes written in pieces, invisible until commit, and reads them back', async () => {
      const content = randomBytes(200_000);
      const writer = await store.stage();
      await writer.write(Readable.from([content.subarray(0, 5000)]));
      await writer.write(
        (async function* () {
          yield content.subarray(5000, 100_000);
          await nextTurn();
          yield content.subarray(100_000);
        })(),
      );
      const finished = await writer.finish();
      expect(finished).toEqual({ sha256: sha256Of(content), size: content.length });
      expect(await writer.finish()).toEqual(finished);
      expect(await store.exists(finished.sha256)).toBe(false);
      expect(await harness.blobs()).toEqual([]);

      expect(await writer.commit()).toEqual(finished);
      await writer.abort(); // after commit: nothing to undo
      expect(await store.stat(finished.sha256)).toEqual(finished);
      expectSameBytes(await buffer(await store.get(finished.sha256)), content);
      expect(await harness.blobs()).toEqual([finished.sha256]);
      expect(await harness.staged()).toEqual([]);
    });

    it('puts any async iterable of bytes, and empty blobs, which have no range', async () => {
      async function* parts() {
        yield new TextEncoder().encode('hello, ');
        await nextTurn(); // arrives in pieces, like a network upload
        yield new TextEncoder().encode('nimbus');
      }
      const stored = await store.put(parts());
      expect(stored).toEqual({ sha256: sha256Of(Buffer.from('hello, nimbus')), size: 13 });
      expect((await buffer(await store.get(stored.sha256))).toString()).toBe('hello, nimbus');

      const empty = await store.put(Readable.from([]));
      expect(empty).toEqual({ sha256: sha256Of(new Uint8Array()), size: 0 });
      expect((await buffer(await store.get(empty.sha256))).length).toBe(0);
      await expect(store.get(empty.sha256, { start: 0, end: 0 })).rejects.toBeInstanceOf(InvalidBlobRangeError);
    });

    it('reads inclusive byte ranges and rejects unsatisfiable ones', async () => {
      const content = randomBytes(1000);
      const { sha256 } = await store.put(Readable.from([content]));
      for (const range of [
        { start: 0, end: 0 },
        { start: 100, end: 199 },
        { start: 999, end: 999 },
        { start: 0, end: 999 },
      ]) {
        expectSameBytes(await buffer(await store.get(sha256, range)), content.subarray(range.start, range.end + 1));
      }
      for (const range of [
        { start: 5, end: 4 },
        { start: 0, end: 1000 },
        { start: 1000, end: 1000 },
        { start: -1, end: 3 },
        { start: 1.5, end: 3 },
        { start: Number.NaN, end: 3 },
      ]) {
        await expect(store.get(sha256, range)).rejects.toBeInstanceOf(InvalidBlobRangeError);
      }
    });

    it('stats, checks existence of and deletes blobs', async () => {
      const { sha256 } = await store.put(Readable.from([randomBytes(4321)]));
      const missing = sha256Of(Buffer.from('never stored'));
      expect(await store.stat(sha256)).toEqual({ sha256, size: 4321 });
      expect(await store.exists(sha256)).toBe(true);
      expect(await store.exists(missing)).toBe(false);
      expect(await store.stat(missing)).toBeNull();
      await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.delete(sha256)).toBe(true);
      expect(await store.delete(sha256)).toBe(false);
      expect(await store.exists(sha256)).toBe(false);
      await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expectNothingStored();
    });

    it('keeps one blob for the same content put twice, also concurrently', async () => {
      const content = randomBytes(50_000);
      const first = await store.put(Readable.from([content]));
      const again = await Promise.all([1, 2, 3].map(() => store.put(Readable.from([content]))));
      expect(again.map((blob) => blob.sha256)).toEqual([first.sha256, first.sha256, first.sha256]);
      expect(await harness.blobs()).toHaveLength(1);
      expect(await harness.staged()).toEqual([]);
      expectSameBytes(await buffer(await store.get(first.sha256)), content);
    });

    it('keeps one blob for the same content written by concurrent writers', async () => {
      const content = randomBytes(300_000);
      const writers = await Promise.all([1, 2, 3].map(() => store.stage()));
      // Interleaved: every writer has staged part of it before any finishes.
      for (const writer of writers) await writer.write(Readable.from([content.subarray(0, 1000)]));
      const stored = await Promise.all(
        writers.map(async (writer) => {
          await writer.write(Readable.from([content.subarray(1000)]));
          return writer.commit();
        }),
      );
      expect(stored.map((blob) => blob.sha256)).toEqual(Array(3).fill(sha256Of(content)));
      expect(await harness.blobs()).toEqual([sha256Of(content)]);
      expect(await harness.staged()).toEqual([]);
      expectSameBytes(await buffer(await store.get(sha256Of(content))), content);
    });

    it('lets a reader that opened a blob finish it while the blob is deleted', async () => {
      const content = randomBytes(2 * 1024 * 1024);
      const { sha256 } = await store.put(Readable.from([content]));
      const reading = await store.get(sha256);
      expect(await store.delete(sha256)).toBe(true);
      expectSameBytes(await buffer(reading), content);
      await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expectNothingStored();
    });

    it('keeps nothing of an aborted writer, and takes nothing more from it', async () => {
      const content = randomBytes(50_000);
      const writer = await store.stage();
      await writer.write(Readable.from([content]));
      await writer.abort();
      await writer.abort();
      await expectNothingStored();
      expect(await store.exists(sha256Of(content))).toBe(false);
      await expect(writer.write(Readable.from([content]))).rejects.toThrow();
      await expect(writer.commit()).rejects.toThrow();
      await expectNothingStored();

      const finished = await store.stage();
      await finished.write(Readable.from([content]));
      await finished.finish();
      await finished.abort();
      await expectNothingStored();
    });

    it('stores nothing when the content does not match expectedSha256', async () => {
      const content = randomBytes(10_000);
      const claimed = sha256Of(Buffer.from('something else'));
      const writer = await store.stage({ expectedSha256: claimed });
      await writer.write(Readable.from([content]));
      const failure = await writer.commit().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BlobChecksumMismatchError);
      expect(failure).toMatchObject({ expected: claimed, actual: sha256Of(content) });
      await expectNothingStored();
      const failedPut = await store.put(Readable.from([content]), { expectedSha256: claimed }).catch((e: unknown) => e);
      expect(failedPut).toBeInstanceOf(BlobChecksumMismatchError);
      expect(failedPut).toMatchObject({ expected: claimed, actual: sha256Of(content) });
      expect(await store.exists(sha256Of(content))).toBe(false);
      await expectNothingStored();

      const matching = await store.put(Readable.from([content]), { expectedSha256: sha256Of(content) });
      expect(matching.sha256).toBe(sha256Of(content));
    });

    it('stops at maxBytes without draining the source, storing nothing', async () => {
      const { source, pulled } = counted(1000);
      const writer = await store.stage({ maxBytes: 2500 });
      await expect(writer.write(source)).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(pulled()).toBeLessThan(1000);
      await expect(writer.commit()).rejects.toThrow();
      await expectNothingStored();
      const viaPut = counted(1000);
      await expect(store.put(viaPut.source, { maxBytes: 2500 })).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(viaPut.pulled()).toBeLessThan(1000);
      await expectNothingStored();

      // Counted over every write of the writer, not each alone.
      const twice = await store.stage({ maxBytes: 2500 });
      await twice.write(Readable.from([Buffer.alloc(2000)]));
      await expect(twice.write(Readable.from([Buffer.alloc(501)]))).rejects.toBeInstanceOf(BlobTooLargeError);
      await expectNothingStored();

      expect((await store.put(Readable.from([Buffer.alloc(2500, 7)]), { maxBytes: 2500 })).size).toBe(2500);
      await expect(store.stage({ maxBytes: -1 })).rejects.toBeInstanceOf(RangeError);
    });

    it('stores nothing when the source fails midway or yields strings', async () => {
      async function* broken() {
        yield randomBytes(1000);
        await nextTurn();
        throw new Error('connection reset');
      }
      await expect(store.put(broken())).rejects.toThrow('connection reset');
      await expectNothingStored();
      await expect(store.put(Readable.from(['text'], { objectMode: true }))).rejects.toBeInstanceOf(TypeError);
      await expectNothingStored();
    });

    it('rejects anything but 64 lowercase hex characters as a blob id', async () => {
      const valid = sha256Of(Buffer.from('x'));
      const hostile = [
        '../../etc/passwd',
        `../../${valid.slice(6)}`,
        valid.toUpperCase(),
        valid.slice(1),
        `${valid}0`,
        `${valid}\n`,
        `${valid.slice(0, 63)}/`,
        '',
      ];
      for (const id of hostile) {
        await expect(store.get(id)).rejects.toBeInstanceOf(InvalidSha256Error);
        await expect(store.stat(id)).rejects.toBeInstanceOf(InvalidSha256Error);
        await expect(store.exists(id)).rejects.toBeInstanceOf(InvalidSha256Error);
        await expect(store.delete(id)).rejects.toBeInstanceOf(InvalidSha256Error);
        await expect(store.stage({ expectedSha256: id })).rejects.toBeInstanceOf(InvalidSha256Error);
        await expect(store.put(Readable.from([Buffer.from('x')]), { expectedSha256: id })).rejects.toBeInstanceOf(
          InvalidSha256Error,
        );
      }
      await expectNothingStored();
    });

    it('shows nothing of a writer killed mid-write, and works on after it', async () => {
      await expect(store.check()).resolves.toBeUndefined();
      const reopened = await harness.crashWriter();
      expect(await harness.blobs()).toEqual([]);
      await reopened.sweepTemp();
      expect(await harness.staged()).toEqual([]);
      await expect(reopened.check()).resolves.toBeUndefined();
      const content = randomBytes(3 * 1024 * 1024 + 17);
      const stored = await reopened.put(Readable.from([content]));
      expectSameBytes(await buffer(await reopened.get(stored.sha256)), content);
      expect(await harness.blobs()).toEqual([stored.sha256]);
    });
  });
}
