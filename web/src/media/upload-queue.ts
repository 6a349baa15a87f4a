import type { MediaSection } from '@nimbus/protocol';
import { useMemo, useSyncExternalStore } from 'react';
import { queryClient } from '../query-client';
import { refreshMedia } from './media-api';
import { uploadFiles, type UploadFile, type UploadOutcome } from '@nimbus/client/uploads';
import { browserTransport, type KnownBytesItem, type UploadDescription, type UploadTransport } from './upload';

export type { UploadTransport } from './upload';

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

/** One file of the queue, as the shared upload algorithm sees it (its `signal` is its controller's). */
interface Job extends UploadFile<File> {
  upload: QueuedUpload;
  controller: AbortController;
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

  /** `transport`: how uploads reach the server, the browser's (made when first needed) unless given. */
  constructor(
    private transport: UploadTransport | null = null,
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
      const controller = new AbortController();
      return { upload, source: file, size: file.size, item: description, controller, signal: controller.signal };
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
    job.signal = job.controller.signal;
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
    const live = batch.filter((job) => !job.controller.signal.aborted && job.upload.status !== 'failed');
    if (live.length === 0) return;
    this.transport ??= browserTransport();
    try {
      await uploadFiles<File, Job, KnownBytesItem>(live, this.transport, {
        hashing: (job, done) => this.update(job, { status: 'hashing', done }),
        checking: (jobs) => {
          for (const job of jobs) this.update(job, { status: 'checking', done: 0 });
        },
        uploading: (job) => this.update(job, { status: 'uploading', done: 0 }),
        progress: (job, done) => this.update(job, { done }),
        settled: (job, outcome) => this.settle(job, outcome),
      });
    } catch (error) {
      // The server could not say which bytes it lacks: every file still waiting fails.
      for (const job of live) if (!FINISHED.includes(job.upload.status)) this.fail(job, error);
    }
  }

  /** Shows how a file ended; each item made refreshes the media lists. */
  private async settle(job: Job, outcome: UploadOutcome<KnownBytesItem>) {
    if (outcome.kind === 'stopped') return;
    if (outcome.kind === 'failed') {
      this.fail(job, outcome.error);
      return;
    }
    if (outcome.kind === 'uploaded' && outcome.itemId === null) {
      this.fail(job, new Error('The server did not say which item the upload became.'));
      return;
    }
    const [status, itemId] =
      outcome.kind === 'present'
        ? ([outcome.known.created ? 'done' : 'skipped', outcome.known.id] as const)
        : (['done', outcome.itemId] as const);
    this.update(job, { status, done: job.size, itemId });
    await this.onUploaded().catch(() => undefined);
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
