import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BlobMeter } from './blob-meter.js';
import {
  assertSha256,
  BlobNotFoundError,
  checkStageOptions,
  InvalidBlobRangeError,
  putStaged,
  type BlobRange,
  type BlobSource,
  type BlobStore,
  type BlobWriter,
  type PutOptions,
  type StageOptions,
  type StoredBlob,
} from './blob-store.js';

/**
 * A BlobStore that only streams, as an object store does: no files, no localPath. For tests that
 * must show code works on any store. Committed blobs live in `blobs`, which a store "opened again"
 * after a crash shares; staged parts die with the store that held them, as a process's memory does. Every
 * call takes a turn of the event loop, as a store across a network would.
 */
export class MemoryBlobStore implements BlobStore {
  readonly staging = new Map<string, Buffer[]>();

  constructor(readonly blobs = new Map<string, Buffer>()) {}

  async stage(options: StageOptions = {}): Promise<BlobWriter> {
    await nextTurn();
    const meter = new BlobMeter(checkStageOptions(options), options.expectedSha256);
    const id = randomBytes(8).toString('hex');
    this.staging.set(id, []);
    return new MemoryBlobWriter(this, id, meter);
  }

  put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    return putStaged(this, source, options);
  }

  async get(sha256: string, range?: BlobRange): Promise<NodeJS.ReadableStream> {
    await nextTurn();
    const bytes = this.bytesOf(sha256);
    if (range === undefined) return Readable.from([bytes]);
    const { start, end } = range;
    const valid = Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end;
    if (!valid || end >= bytes.length) throw new InvalidBlobRangeError(range, bytes.length);
    return Readable.from([bytes.subarray(start, end + 1)]);
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    await nextTurn();
    assertSha256(sha256);
    const bytes = this.blobs.get(sha256);
    return bytes === undefined ? null : { sha256, size: bytes.length };
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string): Promise<boolean> {
    await nextTurn();
    assertSha256(sha256);
    return this.blobs.delete(sha256);
  }

  check(): Promise<void> {
    return Promise.resolve();
  }

  sweepTemp(): Promise<string[]> {
    return Promise.resolve([]);
  }

  private bytesOf(sha256: string): Buffer {
    assertSha256(sha256);
    const bytes = this.blobs.get(sha256);
    if (bytes === undefined) throw new BlobNotFoundError(sha256);
    return bytes;
  }
}

class MemoryBlobWriter implements BlobWriter {
  private done = false;

  constructor(
    private readonly store: MemoryBlobStore,
    private readonly id: string,
    private readonly meter: BlobMeter,
  ) {}

  async write(source: BlobSource): Promise<void> {
    const parts = this.parts();
    try {
      for await (const chunk of this.meter.pass(source)) parts.push(Buffer.from(chunk));
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async finish(): Promise<StoredBlob> {
    this.parts();
    try {
      return this.meter.finish();
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async commit(): Promise<StoredBlob> {
    if (this.done) return this.meter.finish();
    const blob = await this.finish();
    const bytes = Buffer.concat(this.parts());
    if (!this.store.blobs.has(blob.sha256)) this.store.blobs.set(blob.sha256, bytes);
    this.store.staging.delete(this.id);
    this.done = true;
    return blob;
  }

  abort(): Promise<void> {
    if (!this.done) this.store.staging.delete(this.id);
    return Promise.resolve();
  }

  private parts(): Buffer[] {
    const parts = this.store.staging.get(this.id);
    if (parts === undefined || this.done) throw new Error('This blob writer takes no more bytes.');
    return parts;
  }
}
