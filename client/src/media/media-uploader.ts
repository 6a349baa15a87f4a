import type { MediaItem, NewMediaItem } from '@nimbus/protocol';
import type { Credentials } from '../credentials.js';
import { formatBytes, type Progress } from '../progress.js';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import { hashFile } from './hash-file.js';
import type { ResumeStore, UploadKey } from './resume-store.js';
import type { ServerFolders } from './server-folders.js';
import { uploadFile, UploadStoppedError, type TusUploadResult } from './tus-upload.js';

/** A file on disk to put in the account. */
export interface LocalMedia {
  /** The file, resolved. */
  path: string;
  /** How messages name it (as given, or relative to the synced folder). */
  label: string;
  size: number;
  /** Its modification time in whole milliseconds (finer parts are not kept by every tool that copies files). */
  mtimeMs: number;
  /** Its SHA-256 when already known (an unchanged file of a synced folder). */
  sha256?: string;
  /** What the server is told of it, but the hash and the folder. */
  item: Omit<NewMediaItem, 'sha256' | 'folderId'>;
  /** Files: the path of its folder on the server ([] for the root). */
  folder?: string[];
}

/** How one file ended. `refused`: the server will not take these bytes there (their type); trying again is useless. */
export type MediaOutcome =
  | { file: LocalMedia; sha256: string; kind: 'uploaded'; item: MediaItem; sent: number; resumedAt: number }
  | { file: LocalMedia; sha256: string; kind: 'present'; item: MediaItem }
  | { file: LocalMedia; sha256: string | null; kind: 'failed'; message: string; refused: boolean };

export interface MediaUploaderOutput {
  /** An unfinished upload continues: the server already has `offset` bytes. */
  resuming(file: LocalMedia, offset: number): void;
  /** A remembered upload had expired on the server: it starts again from the first byte. */
  restarting(file: LocalMedia): void;
  done(outcome: MediaOutcome): void;
}

export interface MediaUploaderOptions {
  client: NimbusClient;
  account: Pick<Credentials, 'server' | 'accountNumber'>;
  resume: ResumeStore;
  folders: ServerFolders;
  progress: Progress;
  output: MediaUploaderOutput;
  /** Ctrl-C: the upload under way stops, its URL stays remembered, UploadStoppedError is thrown. */
  signal?: AbortSignal;
}

const refusedCodes = new Set(['unsupported_media_type']);

/**
 * Puts files in the account the way a phone should: hashes them, asks the server which hashes it
 * lacks, makes items from the bytes it already has, and uploads only the rest, resumably.
 */
export class MediaUploader {
  /** Hashes the account has (asked, or uploaded during this run). */
  private held = new Set<string>();
  private recordings: Map<string, MediaItem> | null = null;

  constructor(private readonly options: MediaUploaderOptions) {}

  /** Every file's outcome, in order; throws UploadStoppedError on Ctrl-C (what is done stays done). */
  async run(files: readonly LocalMedia[]): Promise<MediaOutcome[]> {
    const hashes = await this.hashAll(files);
    const known = [...new Set(hashes.filter((hash): hash is string => typeof hash === 'string'))];
    const missing = new Set(known.length === 0 ? [] : await this.options.client.missingHashes(known));
    this.held = new Set(known.filter((hash) => !missing.has(hash)));
    const outcomes: MediaOutcome[] = [];
    for (const [index, file] of files.entries()) {
      if (this.options.signal?.aborted === true) throw new UploadStoppedError();
      const hash = hashes[index];
      const outcome: MediaOutcome =
        typeof hash === 'string'
          ? await this.put(file, hash)
          : {
              file,
              sha256: null,
              kind: 'failed',
              message: `it cannot be read (${hash?.message ?? '?'})`,
              refused: false,
            };
      outcomes.push(outcome);
      this.options.output.done(outcome);
    }
    return outcomes;
  }

  private key(file: LocalMedia): UploadKey {
    const { server, accountNumber } = this.options.account;
    return { server, account: accountNumber, path: file.path, size: file.size, mtimeMs: file.mtimeMs };
  }

  /** Each file's SHA-256 (or why it cannot be read), with one bar over all the bytes to read. */
  private async hashAll(files: readonly LocalMedia[]): Promise<(string | Error)[]> {
    const { progress, resume, signal } = this.options;
    const known = await Promise.all(
      files.map(async (file) => file.sha256 ?? (await resume.find(this.key(file)))?.sha256),
    );
    const total = files.reduce((sum, file, index) => sum + (known[index] === undefined ? file.size : 0), 0);
    if (total > 0) progress.start('hashing', total, { unit: 'bytes' });
    try {
      const hashes: (string | Error)[] = [];
      for (const [index, file] of files.entries()) {
        const hash =
          known[index] ??
          (await hashFile(file.path, signal, (bytes) => progress.advance(bytes)).catch((error: unknown) => {
            if (signal?.aborted === true) throw new UploadStoppedError();
            return error instanceof Error ? error : new Error(String(error));
          }));
        hashes.push(hash);
      }
      return hashes;
    } finally {
      progress.stop();
    }
  }

  private async put(file: LocalMedia, sha256: string): Promise<MediaOutcome> {
    try {
      const item = { ...file.item, sha256, ...(await this.folderOf(file)) };
      if (this.held.has(sha256)) {
        const existing = await this.existingRecording(file, sha256);
        if (existing !== undefined) return { file, sha256, kind: 'present', item: existing };
        try {
          return {
            file,
            sha256,
            kind: 'present',
            item: await this.options.client.createItemFromBlob({ ...item, size: file.size }),
          };
        } catch (error) {
          // The bytes went meanwhile (deleted for ever): upload them.
          if (!(error instanceof NimbusApiError && error.status === 404)) throw error;
        }
      }
      return await this.upload(file, item);
    } catch (error) {
      if (error instanceof UploadStoppedError) throw error;
      const refused = error instanceof NimbusApiError && refusedCodes.has(error.code);
      return { file, sha256, kind: 'failed', message: explain(error), refused };
    }
  }

  private async folderOf(file: LocalMedia): Promise<{ folderId?: string }> {
    if (file.item.section !== 'files' || file.folder === undefined) return {};
    const folderId = await this.options.folders.resolve(file.folder);
    return folderId === null ? {} : { folderId };
  }

  /** A recording of these bytes already there: the server keeps repeats of recordings, so the device checks. */
  private async existingRecording(file: LocalMedia, sha256: string): Promise<MediaItem | undefined> {
    if (file.item.section !== 'recordings') return undefined;
    if (this.recordings === null) {
      this.recordings = new Map();
      let after: string | undefined;
      do {
        const page = await this.options.client.listRecordings(after);
        for (const recording of page.items) this.recordings.set(recording.sha256, recording);
        after = page.next ?? undefined;
      } while (after !== undefined);
    }
    return this.recordings.get(sha256);
  }

  /** Uploads over tus, continuing a remembered upload; an upload the server lost starts once more. */
  private async upload(file: LocalMedia, item: NewMediaItem): Promise<MediaOutcome> {
    const { client, resume } = this.options;
    const key = this.key(file);
    let result: TusUploadResult;
    try {
      result = await this.send(file, item, (await resume.find(key))?.url);
    } catch (error) {
      if (!(error instanceof NimbusApiError && error.status === 404 && error.code === 'not_found')) throw error;
      await resume.forget(key);
      this.options.output.restarting(file);
      result = await this.send(file, item, undefined);
    }
    this.held.add(item.sha256);
    const made =
      result.itemId === null
        ? await client.createItemFromBlob({ ...item, size: file.size })
        : await client.mediaItem(result.itemId);
    if (made.section === 'recordings') this.recordings?.set(made.sha256, made);
    return {
      file,
      sha256: item.sha256,
      kind: 'uploaded',
      item: made,
      sent: file.size - result.resumedAt,
      resumedAt: result.resumedAt,
    };
  }

  private async send(file: LocalMedia, item: NewMediaItem, uploadUrl: string | undefined): Promise<TusUploadResult> {
    const { client, resume, progress, output, signal } = this.options;
    const key = this.key(file);
    let shown = 0;
    try {
      const result = await uploadFile({
        client,
        file: file.path,
        item,
        ...(uploadUrl === undefined ? {} : { uploadUrl }),
        ...(signal === undefined ? {} : { signal }),
        onUrl: async (url, offset) => {
          if (url === uploadUrl && offset > 0) output.resuming(file, offset);
          if (url !== uploadUrl && uploadUrl !== undefined) output.restarting(file);
          await resume.remember({ ...key, sha256: item.sha256, url });
          progress.start(barLabel(file.label), file.size, { unit: 'bytes', done: offset });
          shown = offset;
        },
        onProgress: (sent) => {
          if (sent > shown) progress.advance(sent - shown);
          shown = Math.max(shown, sent);
        },
      });
      await resume.forget(key);
      return result;
    } catch (error) {
      // Refused for good: the server dropped the upload; anything else can continue next time.
      if (error instanceof NimbusApiError && error.status < 500 && error.status !== 401) await resume.forget(key);
      throw error;
    } finally {
      progress.stop();
    }
  }
}

/** A file's name short enough for a progress bar: "IMG_2026…0001.jpg". */
function barLabel(label: string): string {
  const name = label.split(/[\\/]/).at(-1) ?? label;
  return name.length <= 24 ? name : `${name.slice(0, 12)}…${name.slice(-11)}`;
}

/** One sentence on why a file was not stored. */
function explain(error: unknown): string {
  if (!(error instanceof NimbusApiError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'checksum_mismatch')
    return 'it changed while it was being sent; run again to send it as it is now';
  if (error.code === 'insufficient_storage') return `no room: ${error.message}`;
  return error.message;
}

/** "12.0 MB", or "12.0 MB, continued from 4.00 MB: 8.00 MB sent". */
export function describeSent(outcome: Extract<MediaOutcome, { kind: 'uploaded' }>): string {
  const size = formatBytes(outcome.file.size);
  if (outcome.resumedAt === 0) return size;
  return `${size}, continued from ${formatBytes(outcome.resumedAt)}: ${formatBytes(outcome.sent)} sent`;
}
