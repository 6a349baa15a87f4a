import type { MediaSection } from '@nimbus/protocol';
import { useSyncExternalStore } from 'react';
import { queryClient } from '../query-client';
import { refreshMedia } from './media-api';
import { uploadMediaFile, type UploadDescription } from './upload';

export type UploadStatus = 'waiting' | 'hashing' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** One file the person chose to upload, as the page shows it. */
export interface QueuedUpload {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly section: MediaSection;
  readonly status: UploadStatus;
  /** Bytes hashed or sent so far, of `size`. */
  readonly done: number;
  /** Why it failed (an ApiError the page explains), when it did. */
  readonly error: unknown;
}

interface Job {
  file: File;
  description: UploadDescription;
  controller: AbortController;
}

/**
 * The portal's uploads, one after another, kept outside any page: leaving the Files page does not
 * stop an upload, and coming back shows how far it got. A finished one refreshes the media lists.
 */
export class UploadQueue {
  private uploads: readonly QueuedUpload[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<() => void>();
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly upload: typeof uploadMediaFile = uploadMediaFile,
    private readonly onUploaded: () => Promise<void> = () => refreshMedia(queryClient),
  ) {}

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = () => this.uploads;

  /** Queues files, each described (section, name, folder…) by `describe`; answers their keys. */
  add(files: readonly File[], describe: (file: File) => UploadDescription): string[] {
    const keys = files.map((file) => {
      this.counter += 1;
      const key = `upload-${this.counter}`;
      const description = describe(file);
      this.jobs.set(key, { file, description, controller: new AbortController() });
      this.uploads = [
        ...this.uploads,
        {
          key,
          name: description.name,
          size: file.size,
          section: description.section,
          status: 'waiting',
          done: 0,
          error: null,
        },
      ];
      this.chain = this.chain.then(() => this.run(key));
      return key;
    });
    this.emit();
    return keys;
  }

  /** Stops an upload; the space it held is given back. */
  cancel(key: string): void {
    const job = this.jobs.get(key);
    if (job === undefined) return;
    job.controller.abort();
    this.jobs.delete(key);
    this.update(key, { status: 'cancelled' });
  }

  /** Takes a finished, failed or cancelled upload off the list. */
  dismiss(key: string): void {
    this.uploads = this.uploads.filter((upload) => upload.key !== key);
    this.emit();
  }

  private async run(key: string): Promise<void> {
    const job = this.jobs.get(key);
    if (job === undefined) return;
    try {
      await this.upload(job.file, job.description, {
        signal: job.controller.signal,
        onProgress: ({ phase, done }) => this.update(key, { status: phase, done }),
      });
      this.update(key, { status: 'done', done: job.file.size });
      await this.onUploaded().catch(() => undefined);
    } catch (error) {
      if (!job.controller.signal.aborted) this.update(key, { status: 'failed', error });
    } finally {
      this.jobs.delete(key);
    }
  }

  private update(key: string, changes: Partial<Pick<QueuedUpload, 'status' | 'done' | 'error'>>): void {
    const current = this.uploads.find((upload) => upload.key === key);
    // A cancelled upload stays cancelled whatever its last progress report says.
    if (current === undefined || current.status === 'cancelled') return;
    this.uploads = this.uploads.map((upload) => (upload.key === key ? { ...upload, ...changes } : upload));
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
  return all.filter((upload) => upload.section === section);
}
