import { createHash } from 'node:crypto';
import { BlobChecksumMismatchError, BlobTooLargeError, type BlobSource, type StoredBlob } from './blob-store.js';

/**
 * What every writer does to the bytes passing through it, whatever the store: counts them against
 * maxBytes, hashes them, and at the end checks the hash against the one expected.
 */
export class BlobMeter {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private result: StoredBlob | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly expectedSha256: string | undefined,
  ) {}

  /** The chunks of `source`, counted and hashed on their way; stops pulling at the first one too many. */
  async *pass(source: BlobSource): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      if (typeof chunk === 'string') throw new TypeError('A blob source must yield bytes, not strings.');
      this.bytes += chunk.byteLength;
      if (this.bytes > this.maxBytes) throw new BlobTooLargeError(this.maxBytes);
      this.hash.update(chunk);
      yield chunk;
    }
  }

  /** The blob the bytes make; throws BlobChecksumMismatchError unless they hash as expected. */
  finish(): StoredBlob {
    this.result ??= { sha256: this.hash.digest('hex'), size: this.bytes };
    const { expectedSha256 } = this;
    if (expectedSha256 !== undefined && this.result.sha256 !== expectedSha256) {
      throw new BlobChecksumMismatchError(expectedSha256, this.result.sha256);
    }
    return this.result;
  }
}
