/** Inclusive byte offsets, like an HTTP Range header: `{ start: 0, end: 0 }` is the first byte. */
export interface BlobRange {
  start: number;
  end: number;
}

export interface PutOptions {
  /** Lowercase hex sha256 the client claims; if the bytes hash differently nothing is stored. */
  expectedSha256?: string;
  /** Upper bound on the blob's size; checked while streaming, so an oversized upload is cut off early. */
  maxBytes?: number;
  /**
   * putFile only: the file's SHA-256 as the writer computed it while the bytes went to disk, so the
   * file need not be read again. Given only by a writer that saw every byte of it in order.
   */
  knownSha256?: string;
}

export interface StoredBlob {
  /** Lowercase hex sha256 of the content; it is also the blob's id. */
  sha256: string;
  size: number;
}

/**
 * Content-addressed storage of immutable byte blobs (photos, videos, backups). A blob's id is the sha256
 * of its bytes, so storing the same content twice keeps one copy. Every method that takes a sha256 throws
 * InvalidSha256Error unless it is 64 lowercase hex characters.
 */
export interface BlobStore {
  /**
   * Streams `source` into the store; resolves once the blob is durable (fsynced + renamed). Memory stays
   * flat whatever the size. A blob is either fully visible or not at all, also after a crash.
   * Throws BlobTooLargeError (options.maxBytes exceeded) or BlobChecksumMismatchError (options.expectedSha256
   * differs); in both cases nothing is stored. Errors of the source are rethrown, again storing nothing.
   */
  put(source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredBlob>;
  /**
   * A stream of the blob's bytes, or of `range` only. Throws BlobNotFoundError, or InvalidBlobRangeError
   * unless `0 <= start <= end < size` (an empty blob has no valid range). The caller must consume or destroy
   * the stream, it holds an open file.
   */
  get(sha256: string, range?: BlobRange): Promise<NodeJS.ReadableStream>;
  /**
   * Stores a finished file that already lies in the store's own folder (an upload's staging file):
   * hashed by reading it once, fsynced, and linked into place, so nothing is copied. The file itself
   * stays where it is; the caller removes it once the blob is safely recorded. Throws like put().
   */
  putFile(path: string, options?: PutOptions): Promise<StoredBlob>;
  /** Where the blob's bytes can be read as a file (tools such as ffmpeg need one), or null. */
  localPath(sha256: string): string | null;
  /** Size of the blob, or null if it is not stored. */
  stat(sha256: string): Promise<StoredBlob | null>;
  exists(sha256: string): Promise<boolean>;
  /** Removes the blob; true if it existed. Readers that already opened it finish reading. */
  delete(sha256: string): Promise<boolean>;
  /** For /readyz: throws if the store cannot be read and written right now. */
  check(): Promise<void>;
  /** Removes what writers that died left behind (never a live writer's work); returns what it removed. */
  sweepTemp(): Promise<string[]>;
}

/** Common base, so a caller can tell the store's own refusals from I/O failures. */
export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
}

export class BlobNotFoundError extends BlobStoreError {
  override name = 'BlobNotFoundError';
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} is not stored.`);
  }
}

export class BlobTooLargeError extends BlobStoreError {
  override name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`Blob is larger than ${maxBytes} bytes.`);
  }
}

export class BlobChecksumMismatchError extends BlobStoreError {
  override name = 'BlobChecksumMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Blob content hashes to ${actual}, expected ${expected}.`);
  }
}

export class InvalidBlobRangeError extends BlobStoreError {
  override name = 'InvalidBlobRangeError';
  constructor(
    readonly range: BlobRange,
    readonly size: number,
  ) {
    super(`Range ${range.start}-${range.end} is not satisfiable for a blob of ${size} bytes.`);
  }
}

export class InvalidSha256Error extends BlobStoreError {
  override name = 'InvalidSha256Error';
  constructor() {
    // The offending value is left out on purpose: it is untrusted input and may be anything.
    super('A blob id must be a sha256 digest: 64 lowercase hex characters.');
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256.test(value);
}

/** Blob ids become file paths; this is the only thing standing between a request and `../../etc/passwd`. */
export function assertSha256(value: unknown): asserts value is string {
  if (!isSha256(value)) throw new InvalidSha256Error();
}
