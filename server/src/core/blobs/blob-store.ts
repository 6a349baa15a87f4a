/** Inclusive byte offsets, like an HTTP Range header: `{ start: 0, end: 0 }` is the first byte. */
export interface BlobRange {
  start: number;
  end: number;
}

export interface StageOptions {
  /** Lowercase hex sha256 the client claims; if the bytes hash differently nothing is stored. */
  expectedSha256?: string;
  /** Upper bound on the blob's size; checked while streaming, so an oversized upload is cut off early. */
  maxBytes?: number;
}

/** put() takes what stage() takes. */
export type PutOptions = StageOptions;

export interface StoredBlob {
  /** Lowercase hex sha256 of the content; it is also the blob's id. */
  sha256: string;
  size: number;
}

/** The bytes a writer may be fed: a Node stream or any async iterable of byte chunks (never strings). */
export type BlobSource = NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/**
 * One blob being written: bytes go in, are hashed and counted as they pass (memory stays flat
 * whatever the size), and become a blob only on commit(). Until then nothing is visible to get(),
 * stat() or exists(), also after a crash: a writer that dies leaves at most staged bytes, which
 * sweepTemp() (or the store's own expiry) removes. A writer is used by one caller, one call at a time.
 */
export interface BlobWriter {
  /**
   * Appends the bytes of `source`; resolves once all of them are handed to the store. May be called
   * again to append more. Throws BlobTooLargeError as soon as the bytes pass maxBytes (the rest of
   * the source is not read), TypeError for a chunk that is a string, or the source's own error; after
   * any throw the writer has discarded what it staged and only abort() is left.
   */
  write(source: BlobSource): Promise<void>;
  /**
   * Ends the writing: the staged bytes are durable where the store keeps them and their hash is
   * known, yet still invisible. Throws BlobChecksumMismatchError (then nothing is kept) when they
   * differ from expectedSha256. Calling it again answers the same. For a caller that must record
   * the blob's id (say, as an orphan to collect) before the blob can be seen.
   */
  finish(): Promise<StoredBlob>;
  /**
   * finish(), then makes the blob visible at once and durably (fsync + rename for a file system).
   * A blob with the same content already stored stays as it is: storing twice keeps one copy.
   */
  commit(): Promise<StoredBlob>;
  /** Discards what was staged. Safe at any point and more than once; after commit() it does nothing. */
  abort(): Promise<void>;
}

/**
 * Content-addressed storage of immutable byte blobs (photos, videos, backups). A blob's id is the sha256
 * of its bytes, so storing the same content twice keeps one copy. Every method that takes a sha256 throws
 * InvalidSha256Error unless it is 64 lowercase hex characters. Nothing here assumes a local disk: bytes
 * come in through writers and go out as streams; a store on a file system may offer localPath() too.
 */
export interface BlobStore {
  /**
   * A writer for one new blob (see BlobWriter). Throws InvalidSha256Error for a malformed
   * options.expectedSha256 and RangeError for a negative or NaN maxBytes, before anything is staged.
   */
  stage(options?: StageOptions): Promise<BlobWriter>;
  /**
   * stage(), write(source) and commit() in one: resolves once the blob is durable. Throws like them;
   * whatever it throws, nothing is stored.
   */
  put(source: BlobSource, options?: PutOptions): Promise<StoredBlob>;
  /**
   * A stream of the blob's bytes, or of `range` only. Throws BlobNotFoundError, or InvalidBlobRangeError
   * unless `0 <= start <= end < size` (an empty blob has no valid range). The caller must consume or destroy
   * the stream, it may hold an open file or connection. A blob deleted while it is read is read to its end.
   */
  get(sha256: string, range?: BlobRange): Promise<NodeJS.ReadableStream>;
  /**
   * Optional: where the blob's bytes can be read as a file, for tools that need one (sharp, ffprobe,
   * ffmpeg); the file may be absent if the blob is not stored. A store without files lacks the method:
   * use withLocalFile(), which streams such a blob to a temporary file instead.
   */
  localPath?(sha256: string): string;
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

/** put() for any store, from its stage(): what a store's put() is unless it knows a shorter way. */
export async function putStaged(store: BlobStore, source: BlobSource, options?: PutOptions): Promise<StoredBlob> {
  const writer = await store.stage(options);
  try {
    await writer.write(source);
    return await writer.commit();
  } finally {
    await writer.abort();
  }
}

/** Checks stage()'s options before anything is staged; the limit, with Infinity for none. */
export function checkStageOptions(options: StageOptions): number {
  const { expectedSha256, maxBytes = Number.POSITIVE_INFINITY } = options;
  if (expectedSha256 !== undefined) assertSha256(expectedSha256);
  if (!(maxBytes >= 0)) throw new RangeError('maxBytes must be a non-negative number.');
  return maxBytes;
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
