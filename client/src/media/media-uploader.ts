import type { MediaItem, NewMediaItem } from '@nimbus/protocol';
import type { Credentials } from '../credentials.js';
import { formatBytes, type Progress } from '../progress.js';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import { uploadFiles, type UploadEnvironment, type UploadFile, type UploadOutcome } from '../uploads/index.js';
import { hashFile } from './hash-file.js';
import type { ResumeStore, UploadKey } from './resume-store.js';
import type { ServerFolders } from './server-folders.js';
import { deviceTusPort, UploadStoppedError } from './tus-upload.js';

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

/** A file as the shared upload algorithm sees it: read from its path. */
interface DeviceFile extends UploadFile<string> {
  local: LocalMedia;
}

/**
 * Puts files in the account the way a phone should, through the algorithm every Nimbus client
 * shares (@nimbus/client/uploads): hashes them, asks the server which hashes it lacks, makes items
 * from the bytes it already has, and uploads only the rest, resumably. The device's part: files on
 * disk, its token, unfinished uploads in a state file, folders of the files section made on the
 * way, recordings looked up first (the server keeps repeats of them), progress bars.
 */
export class MediaUploader {
  private recordings: Map<string, MediaItem> | null = null;
  /** Bytes the progress bar of the file being sent shows. */
  private shown = 0;

  constructor(private readonly options: MediaUploaderOptions) {}

  /** Every file's outcome, in order; throws UploadStoppedError on Ctrl-C (what is done stays done). */
  async run(files: readonly LocalMedia[]): Promise<MediaOutcome[]> {
    const { progress, output, signal } = this.options;
    const outcomes: MediaOutcome[] = [];
    const deviceFiles = files.map((local): DeviceFile => ({
      local,
      source: local.path,
      size: local.size,
      item: local.item,
      sha256: local.sha256,
      signal,
    }));
    await uploadFiles(deviceFiles, this.environment(), {
      hashingStarted: (total) => progress.start('hashing', total, { unit: 'bytes' }),
      hashing: (file, done) => this.show(done),
      hashingEnded: () => progress.stop(),
      resuming: (file, offset) => output.resuming(file.local, offset),
      restarting: (file) => output.restarting(file.local),
      sending: (file, offset) => {
        progress.start(barLabel(file.local.label), file.size, { unit: 'bytes', done: offset });
        this.shown = offset;
      },
      progress: (file, sent) => this.show(sent),
      sendingEnded: () => progress.stop(),
      settled: async (file, result) => {
        if (result.kind === 'stopped') throw new UploadStoppedError();
        const outcome = await this.outcome(file.local, result);
        outcomes.push(outcome);
        output.done(outcome);
      },
    });
    return outcomes;
  }

  private environment(): UploadEnvironment<string, DeviceFile, MediaItem> {
    const { client, resume } = this.options;
    return {
      hash: (file, onProgress, signal) => {
        // One bar over every file's bytes: each file counts from 0.
        let done = 0;
        this.shown = 0;
        return hashFile(file, signal, (bytes) => onProgress((done += bytes)));
      },
      knownHash: async (file) => (await resume.find(this.key(file.local)))?.sha256,
      missing: (hashes) => client.missingHashes(hashes),
      prepare: async (file, sha256) => ({ ...file.item, sha256, ...(await this.folderOf(file.local)) }),
      fromKnownBytes: async (file, item) => {
        const existing = await this.existingRecording(file.local, item.sha256);
        if (existing !== undefined) return existing;
        return await client.createItemFromBlob({ ...item, size: file.size }).catch((error: unknown) => {
          // The bytes went meanwhile (deleted for ever): they are uploaded.
          if (error instanceof NimbusApiError && error.status === 404) return null;
          throw error;
        });
      },
      tus: deviceTusPort(client),
      resume: {
        find: async (file, sha256) => {
          const entry = await resume.find(this.key(file.local));
          return entry?.sha256 === sha256 ? entry.url : undefined;
        },
        remember: (file, sha256, url) => resume.remember({ ...this.key(file.local), sha256, url }),
        forget: (file) => resume.forget(this.key(file.local)),
      },
      stopping: 'pause',
    };
  }

  /** Moves the bar on to `done` bytes of the file (hashed or sent). */
  private show(done: number) {
    if (done > this.shown) this.options.progress.advance(done - this.shown);
    this.shown = Math.max(this.shown, done);
  }

  private key(file: LocalMedia): UploadKey {
    const { server, accountNumber } = this.options.account;
    return { server, account: accountNumber, path: file.path, size: file.size, mtimeMs: file.mtimeMs };
  }

  /** What the shared algorithm's outcome means for the device: the item, fetched when one was uploaded. */
  private async outcome(file: LocalMedia, result: UploadOutcome<MediaItem>): Promise<MediaOutcome> {
    const { client } = this.options;
    if (result.kind === 'present') return { file, sha256: result.sha256, kind: 'present', item: result.known };
    if (result.kind === 'failed') {
      const { sha256, error } = result;
      if (result.stage === 'hash')
        return { file, sha256, kind: 'failed', message: `it cannot be read (${errorMessage(error)})`, refused: false };
      const refused = error instanceof NimbusApiError && refusedCodes.has(error.code);
      return { file, sha256, kind: 'failed', message: explain(error), refused };
    }
    if (result.kind === 'stopped') throw new UploadStoppedError();
    try {
      const made =
        result.itemId === null
          ? await client.createItemFromBlob({ ...result.item, size: file.size })
          : await client.mediaItem(result.itemId);
      if (made.section === 'recordings') this.recordings?.set(made.sha256, made);
      return {
        file,
        sha256: result.sha256,
        kind: 'uploaded',
        item: made,
        sent: result.sent,
        resumedAt: result.resumedAt,
      };
    } catch (error) {
      return { file, sha256: result.sha256, kind: 'failed', message: explain(error), refused: false };
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
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A file's name short enough for a progress bar: "IMG_2026…0001.jpg". */
function barLabel(label: string): string {
  const name = label.split(/[\\/]/).at(-1) ?? label;
  return name.length <= 24 ? name : `${name.slice(0, 12)}…${name.slice(-11)}`;
}

/** One sentence on why a file was not stored. */
function explain(error: unknown): string {
  if (!(error instanceof NimbusApiError)) return errorMessage(error);
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
