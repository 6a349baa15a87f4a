import type { MediaSection } from '@nimbus/protocol';
import { useMemo, useSyncExternalStore } from 'react';
import { queryClient } from '../query-client';
import { refreshMedia } from './media-api';
import {
  discardUnfinishedUpload,
  findUnfinishedUpload,
  itemFromKnownBytes,
  missingHashes,
  sendMediaFile,
  sha256OfFile,
  type UnfinishedUpload,
  type UploadDescription,
} from './upload';

/** What an upload is doing; "skipped" means the account had the item already, so nothing was sent. */
export type UploadStatus =
  'waiting' | 'hashing' | 'checking' | 'uploading' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** The statuses of an upload that is over (it can be taken off the list). */
export const FINISHED: readonly UploadStatus[] = ['done', 'skipped', 'failed', 'cancelled'];

/** One file the person chose to upload, as the page shows it. */
export interface QueuedUpload {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly section: MediaSection;
  readonly status: UploadStatus;
  /** Bytes hashed (while hashing) or sent (while uploading) so far, of `size`. */
  readonly done: number;
  /** Why it failed (an ApiError the page explains), when it did. */
  readonly error: unknown;
  /** The item it became. */
  readonly itemId: string | null;
}

/** How the queue reaches the server: the browser's by default, stand-ins in tests. */
export interface UploadTransport {
  findUnfinished: typeof findUnfinishedUpload;
  discardUnfinished: typeof discardUnfinishedUpload;
  hash: typeof sha256OfFile;
  missing: typeof missingHashes;
  fromKnownBytes: typeof itemFromKnownBytes;
  send: typeof sendMediaFile;
}

const browserTransport: UploadTransport = {
  findUnfinished: findUnfinishedUpload,
  discardUnfinished: discardUnfinishedUpload,
  hash: sha256OfFile,
  missing: missingHashes,
  fromKnownBytes: itemFromKnownBytes,
  send: sendMediaFile,
};

interface Job {
  upload: QueuedUpload;
  file: File;
  description: UploadDescription;
  controller: AbortController;
  sha256: string | null;
  unfinished: UnfinishedUpload | null;
}

/**
 * The portal's uploads, kept outside any page: leaving a page does not stop an upload, and coming
 * back shows how far it got. Files added together are hashed, the server is asked once which bytes it lacks,
 * and only those are sent, one file at a time, over tus: the same file picked again after a cut or a
 * reload continues where it stopped. Each item made refreshes the media lists.
 */
export class UploadQueue {
  private uploads: readonly QueuedUpload[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<() => void>();
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly transport: UploadTransport = browserTransport,
    private readonly onUploaded: () => Promise<void> = () => refreshMedia(queryClient),
  ) {}

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = () => this.uploads;

  /** Queues files, each described (section, name, folder, album…) by `describe`; answers their keys. */
  add(files: readonly File[], describe: (file: File) => UploadDescription): string[] {
    const batch = files.map((file): Job => {
      this.counter += 1;
      const description = describe(file);
      const upload: QueuedUpload = {
        key: `upload-${this.counter}`,
        name: description.name,
        size: file.size,
        section: description.section,
        status: 'waiting',
        done: 0,
        error: null,
        itemId: null,
      };
      return { upload, file, description, controller: new AbortController(), sha256: null, unfinished: null };
    });
    if (batch.length === 0) return [];
    for (const job of batch) this.jobs.set(job.upload.key, job);
    this.uploads = [...this.uploads, ...batch.map((job) => job.upload)];
    this.emit();
    this.enqueue(batch);
    return batch.map((job) => job.upload.key);
  }

  /** Stops an upload; a half-sent one is deleted on the server, freeing the space it held. */
  cancel(key: string): void {
    const job = this.jobs.get(key);
    if (job === undefined || FINISHED.includes(job.upload.status)) return;
    job.controller.abort();
    this.update(job, { status: 'cancelled' });
  }

  /** Tries a failed upload again, continuing from what the server already has. */
  retry(key: string): void {
    const job = this.jobs.get(key);
    if (job?.upload.status !== 'failed') return;
    job.controller = new AbortController();
    this.update(job, { status: 'waiting', error: null, done: 0 });
    this.enqueue([job]);
  }

  /** Takes a finished, failed or cancelled upload off the list. */
  dismiss(key: string): void {
    const job = this.jobs.get(key);
    if (job !== undefined && !FINISHED.includes(job.upload.status)) return;
    this.jobs.delete(key);
    this.uploads = this.uploads.filter((upload) => upload.key !== key);
    this.emit();
  }

  /** Takes every upload that is over off the list (of one section, when given). */
  clearFinished(section?: MediaSection): void {
    const over = (upload: QueuedUpload) =>
      FINISHED.includes(upload.status) && (section === undefined || upload.section === section);
    for (const upload of this.uploads) if (over(upload)) this.jobs.delete(upload.key);
    this.uploads = this.uploads.filter((upload) => !over(upload));
    this.emit();
  }

  private enqueue(batch: readonly Job[]) {
    this.chain = this.chain.then(() => this.run(batch)).catch(() => undefined);
  }

  private async run(batch: readonly Job[]): Promise<void> {
    const live = () => batch.filter((job) => !job.controller.signal.aborted && job.upload.status !== 'failed');
    for (const job of live()) await this.hash(job);
    const hashed = live().filter((job) => job.sha256 !== null);
    if (hashed.length === 0) return;
    for (const job of hashed) this.update(job, { status: 'checking', done: 0 });
    let missing: Set<string>;
    try {
      missing = await this.transport.missing(hashed.map((job) => job.sha256 ?? ''));
    } catch (error) {
      for (const job of hashed) this.fail(job, error);
      return;
    }
    for (const job of live()) {
      if (job.sha256 === null) continue;
      if (missing.has(job.sha256)) await this.send(job, job.sha256);
      else await this.fromKnownBytes(job, job.sha256);
    }
  }

  private async hash(job: Job) {
    try {
      this.update(job, { status: 'hashing', done: 0 });
      const sha256 = await this.transport.hash(job.file, (done) => this.update(job, { done }), job.controller.signal);
      job.sha256 = sha256;
      // Picked again after a cut or a reload: the browser remembers how to continue it.
      job.unfinished = await this.transport.findUnfinished(job.file, { ...job.description, sha256 }).catch(() => null);
    } catch (error) {
      this.fail(job, error);
    }
  }

  /** The account has these bytes already: an item from them, nothing sent ("skipped" when it existed). */
  private async fromKnownBytes(job: Job, sha256: string) {
    try {
      const { id, created } = await this.transport.fromKnownBytes({ ...job.description, sha256 }, job.file.size);
      // A half-sent copy of it is of no use now.
      if (job.unfinished !== null)
        this.transport.discardUnfinished(job.file, { ...job.description, sha256 }, job.unfinished);
      this.update(job, { status: created ? 'done' : 'skipped', done: job.file.size, itemId: id });
      await this.onUploaded().catch(() => undefined);
    } catch (error) {
      this.fail(job, error);
    }
  }

  private async send(job: Job, sha256: string) {
    if (job.controller.signal.aborted) return;
    this.update(job, { status: 'uploading', done: 0 });
    try {
      const id = await this.transport.send(
        job.file,
        { ...job.description, sha256 },
        {
          unfinished: job.unfinished,
          signal: job.controller.signal,
          onProgress: (done) => this.update(job, { done }),
        },
      );
      this.update(job, { status: 'done', done: job.file.size, itemId: id });
      await this.onUploaded().catch(() => undefined);
    } catch (error) {
      this.fail(job, error);
    } finally {
      // Whatever happened, a retry starts by asking the browser again what it remembers.
      job.unfinished = null;
    }
  }

  private fail(job: Job, error: unknown) {
    if (job.controller.signal.aborted) return;
    this.update(job, { status: 'failed', error });
  }

  private update(job: Job, changes: Partial<Pick<QueuedUpload, 'status' | 'done' | 'error' | 'itemId'>>): void {
    // A cancelled upload stays cancelled whatever its last progress report says.
    if (job.upload.status === 'cancelled') return;
    const upload = { ...job.upload, ...changes };
    job.upload = upload;
    this.uploads = this.uploads.map((candidate) => (candidate.key === upload.key ? upload : candidate));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The portal's one queue. */
export const uploadQueue = new UploadQueue();

/** The uploads of one section, as they progress. */
export function useUploads(section: MediaSection): readonly QueuedUpload[] {
  const all = useSyncExternalStore(uploadQueue.subscribe, uploadQueue.snapshot);
  return useMemo(() => all.filter((upload) => upload.section === section), [all, section]);
}
