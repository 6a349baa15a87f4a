import type { ErrorBody, MediaItemResponse, MissingBlobsResponseSchema } from '@nimbus/protocol';
import { DetailedError, Upload, type HttpResponse } from 'tus-js-client';
import type { z } from 'zod';
import { ApiError, sendJson } from '../../../api';
import { currentCsrfToken } from '../../../query-client';
import { sha256OfFile } from './hash-file';

/** What an upload is doing; "skipped" means the account had the bytes, so none were sent. */
export type UploadStatus =
  'waiting' | 'hashing' | 'checking' | 'uploading' | 'done' | 'skipped' | 'failed' | 'cancelled';

export interface UploadEntry {
  key: string;
  name: string;
  size: number;
  status: UploadStatus;
  /** Bytes hashed (while hashing) or sent (while uploading). */
  progress: number;
  error: Error | null;
  /** The gallery item it became. */
  itemId: string | null;
}

export interface UploadOptions {
  /** The album new photos go in; the server's "camera" when absent. */
  album: string | null;
  /** Called each time an upload becomes an item. */
  onItem: (itemId: string) => void;
}

/** The tus endpoint (tus-js-client keys its resumable uploads by it). */
const ENDPOINT = '/api/v1/uploads';
/** The header of the last PATCH naming the item (UPLOAD_ITEM_HEADER of the protocol). */
export const ITEM_HEADER = 'nimbus-item-id';
/** Most hashes one "which are missing?" question carries (MAX_MISSING_HASHES of the protocol). */
export const MISSING_BATCH = 1000;
/** One PATCH at most this long: a cut connection loses at most this much, and proxies accept it. */
const CHUNK_BYTES = 32 * 1024 * 1024;
const FINISHED: readonly UploadStatus[] = ['done', 'skipped', 'failed', 'cancelled'];

interface Job {
  entry: UploadEntry;
  file: File;
  options: UploadOptions;
  sha256: string | null;
  /** A half-sent upload of the same file this browser remembers. */
  previous: Awaited<ReturnType<Upload['findPreviousUploads']>>[number] | null;
  upload: Upload | null;
  abort: AbortController;
}

/** A tus failure as an ApiError with the server's { error } body when it sent one. */
function apiErrorOf(error: Error): Error {
  if (!(error instanceof DetailedError) || error.originalResponse === null) return error;
  const response: HttpResponse = error.originalResponse;
  let body: ErrorBody['error'] | null = null;
  try {
    const parsed = JSON.parse(response.getBody()) as Partial<ErrorBody>;
    if (typeof parsed.error?.code === 'string') body = parsed.error;
  } catch {
    // Not JSON: the status alone says what happened.
  }
  const retry = Number(response.getHeader('retry-after'));
  return new ApiError(response.getStatus(), body, Number.isFinite(retry) && retry > 0 ? retry : null);
}

/** A cut connection or a busy server is worth another try; a refusal (no space, not a photo) is not. */
function shouldRetry(error: DetailedError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  return (
    status === 0 ||
    status === 409 ||
    status === 423 ||
    status === 429 ||
    status === 502 ||
    status === 503 ||
    status === 504
  );
}

function tusMetadata(file: File, sha256: string, options: UploadOptions): Record<string, string> {
  const metadata: Record<string, string> = {
    section: 'gallery',
    name: file.name,
    sha256,
    takenAt: new Date(file.lastModified || Date.now()).toISOString(),
  };
  if (options.album !== null) metadata.album = options.album;
  return metadata;
}

/**
 * The browser's uploads to the gallery, kept outside any page so they go on while the person moves
 * around the portal. Files added together are hashed, the server is asked once which of them it
 * lacks, and only those are sent, one at a time, over tus (resumable: the same file picked again
 * after a cut or a reload continues where it stopped). Pages read it with useSyncExternalStore.
 */
export class UploadQueue {
  private entries: readonly UploadEntry[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<() => void>();
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): readonly UploadEntry[] => this.entries;

  /** Queues files; they start once the files added before them are through. */
  add(files: readonly File[], options: UploadOptions): void {
    const batch = files.map((file): Job => {
      this.counter += 1;
      const entry: UploadEntry = {
        key: `upload-${this.counter}`,
        name: file.name,
        size: file.size,
        status: 'waiting',
        progress: 0,
        error: null,
        itemId: null,
      };
      return { entry, file, options, sha256: null, previous: null, upload: null, abort: new AbortController() };
    });
    for (const job of batch) this.jobs.set(job.entry.key, job);
    this.entries = [...this.entries, ...batch.map((job) => job.entry)];
    this.emit();
    this.enqueue(() => this.run(batch));
  }

  /** Stops an upload; a half-sent one is deleted on the server, freeing the space it held. */
  cancel(key: string): void {
    const job = this.jobs.get(key);
    if (job === undefined || FINISHED.includes(job.entry.status)) return;
    job.abort.abort();
    void job.upload?.abort(true).catch(() => undefined);
    this.update(job, { status: 'cancelled' });
  }

  /** Tries a failed upload again, continuing from what the server already has. */
  retry(key: string): void {
    const job = this.jobs.get(key);
    if (job?.entry.status !== 'failed') return;
    job.abort = new AbortController();
    this.update(job, { status: 'waiting', error: null, progress: 0 });
    this.enqueue(() => this.run([job]));
  }

  /** Forgets the uploads that are over. */
  clearFinished(): void {
    for (const entry of this.entries) if (FINISHED.includes(entry.status)) this.jobs.delete(entry.key);
    this.entries = this.entries.filter((entry) => !FINISHED.includes(entry.status));
    this.emit();
  }

  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain.then(work).catch(() => undefined);
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  private update(job: Job, change: Partial<UploadEntry>) {
    const entry = { ...job.entry, ...change };
    job.entry = entry;
    this.entries = this.entries.map((candidate) => (candidate.key === entry.key ? entry : candidate));
    this.emit();
  }

  private fail(job: Job, error: unknown) {
    if (job.abort.signal.aborted) return;
    this.update(job, {
      status: 'failed',
      error: error instanceof Error ? apiErrorOf(error) : new Error(String(error)),
    });
  }

  private async run(batch: readonly Job[]): Promise<void> {
    const live = () => batch.filter((job) => !job.abort.signal.aborted && job.entry.status !== 'failed');
    for (const job of live()) await this.hash(job);
    const hashed = live().filter((job) => job.sha256 !== null);
    let missing: Set<string>;
    try {
      missing = await this.askMissing(hashed);
    } catch (error) {
      for (const job of hashed) this.fail(job, error);
      return;
    }
    for (const job of live()) {
      if (job.sha256 === null) continue;
      if (missing.has(job.sha256)) await this.send(job, job.sha256);
      else await this.addKnown(job, job.sha256);
    }
  }

  private async hash(job: Job) {
    try {
      const previous = await new Upload(job.file, this.tusOptions(job, '')).findPreviousUploads();
      job.previous = previous.find((upload) => /^[0-9a-f]{64}$/.test(upload.metadata.sha256 ?? '')) ?? null;
      const known = job.previous?.metadata.sha256;
      if (known !== undefined) {
        // Resuming: the digest was taken when it started (the server checks it at the end anyway).
        job.sha256 = known;
        return;
      }
      this.update(job, { status: 'hashing', progress: 0 });
      job.sha256 = await sha256OfFile(job.file, (progress) => this.update(job, { progress }), job.abort.signal);
    } catch (error) {
      this.fail(job, error);
    }
  }

  private async askMissing(jobs: readonly Job[]): Promise<Set<string>> {
    const hashes = [...new Set(jobs.map((job) => job.sha256).filter((hash) => hash !== null))];
    for (const job of jobs) this.update(job, { status: 'checking', progress: 0 });
    const missing = new Set<string>();
    for (let start = 0; start < hashes.length; start += MISSING_BATCH) {
      const answer = await sendJson<z.infer<typeof MissingBlobsResponseSchema>>('POST', '/api/v1/media/missing', {
        hashes: hashes.slice(start, start + MISSING_BATCH),
      });
      for (const hash of answer.missing) missing.add(hash);
    }
    return missing;
  }

  /** The account has these bytes already (another item, or one in the bin): an item from them, no upload. */
  private async addKnown(job: Job, sha256: string) {
    try {
      const body: Record<string, unknown> = { ...tusMetadata(job.file, sha256, job.options), size: job.file.size };
      const { item } = await sendJson<MediaItemResponse>('POST', '/api/v1/media/items', body);
      // A half-sent copy of it is of no use now.
      if (job.previous?.uploadUrl) void Upload.terminate(job.previous.uploadUrl, this.tusOptions(job, sha256));
      this.update(job, { status: 'skipped', progress: job.file.size, itemId: item.id });
      job.options.onItem(item.id);
    } catch (error) {
      this.fail(job, error);
    }
  }

  private send(job: Job, sha256: string): Promise<void> {
    if (job.abort.signal.aborted) return Promise.resolve();
    this.update(job, { status: 'uploading', progress: 0 });
    return new Promise<void>((resolve) => {
      const upload = new Upload(job.file, {
        ...this.tusOptions(job, sha256),
        onProgress: (sent) => this.update(job, { progress: sent }),
        onSuccess: ({ lastResponse }) => {
          const itemId = lastResponse.getHeader(ITEM_HEADER) ?? null;
          this.update(job, { status: 'done', progress: job.file.size, itemId });
          if (itemId !== null) job.options.onItem(itemId);
          resolve();
        },
        onError: (error) => {
          this.fail(job, error);
          resolve();
        },
      });
      job.upload = upload;
      job.abort.signal.addEventListener('abort', () => resolve(), { once: true });
      if (job.previous !== null) upload.resumeFromPreviousUpload(job.previous);
      upload.start();
    });
  }

  private tusOptions(job: Job, sha256: string) {
    const csrf = currentCsrfToken();
    const headers: Record<string, string> = csrf === null ? {} : { 'x-csrf-token': csrf };
    return {
      endpoint: new URL(ENDPOINT, window.location.href).href,
      metadata: tusMetadata(job.file, sha256, job.options),
      headers,
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      onShouldRetry: shouldRetry,
      removeFingerprintOnSuccess: true,
    };
  }
}

/** The portal's one upload queue. */
export const uploadQueue = new UploadQueue();
