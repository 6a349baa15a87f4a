import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaSection } from '@nimbus/protocol';
import {
  BlobChecksumMismatchError,
  BlobNotFoundError,
  withLocalFile,
  type BlobSource,
  type StoredBlob,
} from '../../core/blobs/index.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import { AppError, badRequest, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { requireDevice, requireScope, type Principal } from '../../core/auth/index.js';
import { HOUR } from '../../core/time.js';
import { inspectFile, type Inspection } from './inspect.js';
import type { ItemRow } from './items.repo.js';
import { mediaRepos, type MediaDeps, type MediaRepos } from './media.deps.js';
import { monthOf } from './media-view.js';
import { THUMBNAIL_JOB } from './thumbnail.jobs.js';

/** An item as stored: new, or the one it repeats (the gallery keeps a photo once). */
export interface Stored {
  row: ItemRow;
  created: boolean;
}

/** Who stores: the account, and the device it came from (null from the portal). */
export interface Uploader {
  accountId: string;
  deviceId: string | null;
}

/** What becomes of a file, whoever brings it (tus, a PUT, WebDAV): where it goes and what it is called. */
export interface IngestInput {
  section: MediaSection;
  name: string;
  /** Files: the folder it goes in; the root when absent or null. */
  folderId?: string | null;
  /** The SHA-256 the client declared: checked against the bytes, which are hashed either way. */
  expectedSha256?: string;
  /** Gallery: the album; "camera" when absent. */
  album?: string;
  /** When it was taken (epoch ms), if the client knows better than EXIF. */
  takenAt?: number;
  /** Recordings: a title and the other party of a call. */
  title?: string;
  callNumber?: string;
}

const ACCEPTED: Record<MediaSection, readonly string[]> = {
  gallery: ['photo', 'video'],
  recordings: ['audio', 'video'],
  files: ['photo', 'video', 'audio', 'other'],
};

/** Turns uploaded bytes into items: what they are, their hash, quota, de-duplication, then one transaction. */
export class IngestService {
  constructor(private readonly deps: MediaDeps) {}

  /** Who an upload is by: the account, and the registered device when a device sends it. */
  uploader(caller: Principal): Uploader {
    requireScope(caller, 'media');
    const device = caller.via === 'device' ? requireDevice(caller) : null;
    return { accountId: caller.accountId, deviceId: device?.id ?? null };
  }

  /** The asked hashes the account does not have: what a phone still needs to upload. */
  missing(accountId: string, hashes: readonly string[]): Promise<string[]> {
    return this.deps.storage.refs.missing(accountId, hashes);
  }

  /**
   * Holds `size` bytes of the account's quota for an upload about to start: refused (507) before the
   * first byte when they do not fit. The hold ends when the upload finishes, is cancelled or expires.
   */
  reserve(accountId: string, uploadId: string, size: number, expiresAt: number): Promise<void> {
    return this.deps.storage.quota.reserve(this.deps.db, accountId, size, { id: uploadId, expiresAt });
  }

  /** Drops an upload's hold (finished elsewhere, cancelled or expired). */
  async release(uploadId: string): Promise<void> {
    await this.deps.storage.quota.release(this.deps.db, uploadId);
  }

  /**
   * Stores a finished staging file as an item: what its bytes are decides whether the section takes
   * them, before anything is stored; they are hashed on their way into the blob store (and must
   * match a declared SHA-256) and must fit the quota; the item commits in the same transaction that
   * ends the upload's hold. The staging file is the caller's to remove afterwards.
   */
  async ingestFile(uploader: Uploader, input: IngestInput, path: string, holdId?: string): Promise<Stored> {
    const inspection = await inspectFile(path);
    requireAccepted(input.section, inspection);
    const blob = await this.store(input, createReadStream(path));
    return this.record(uploader, input, blob, inspection, holdId);
  }

  /** A small file in one request body, staged like an upload so it takes the same path. */
  async ingestStream(
    uploader: Uploader,
    input: IngestInput,
    body: NodeJS.ReadableStream,
    size: number,
  ): Promise<Stored> {
    const holdId = `single-${randomBytes(12).toString('hex')}`;
    const path = join(this.deps.uploadsDir, holdId);
    await this.reserve(uploader.accountId, holdId, size, this.deps.clock.now() + HOUR);
    try {
      let received = 0;
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer | string>) {
          for await (const chunk of chunks) {
            received += Buffer.byteLength(chunk);
            if (received > size) throw badRequest(`The body is longer than the ${size} bytes announced.`);
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx', mode: 0o600 }),
      );
      if (received !== size) throw badRequest(`The body has ${received} bytes, not the ${size} announced.`);
      return await this.ingestFile(uploader, input, path, holdId);
    } finally {
      await this.release(holdId);
      await rm(path, { force: true });
    }
  }

  /** An item named by a blob the account already has: a re-installed phone uploads nothing twice. */
  async fromBlob(uploader: Uploader, input: IngestInput, blob: StoredBlob): Promise<Stored> {
    const held = await this.deps.storage.refs.held(this.deps.db, uploader.accountId, blob.sha256);
    if (held?.size !== blob.size) throw noSuchBlob();
    // What a stored blob is, read from a file: the store's own, or a temporary copy of it.
    const inspection = await withLocalFile(this.deps.blobs, blob.sha256, inspectFile).catch((error: unknown) => {
      throw error instanceof BlobNotFoundError ? noSuchBlob() : error;
    });
    requireAccepted(input.section, inspection);
    return this.record(uploader, input, blob, inspection);
  }

  /** Streams the bytes into the blob store; the blob is listed for the collector before it is visible. */
  private async store(input: IngestInput, source: BlobSource): Promise<StoredBlob> {
    const writer = await this.deps.blobs.stage(
      input.expectedSha256 === undefined ? {} : { expectedSha256: input.expectedSha256 },
    );
    try {
      await writer.write(source);
      // Whatever stops us before an item names the bytes (a refusal, a crash), the collector finds them.
      await this.deps.storage.refs.willStore((await writer.finish()).sha256);
      return await writer.commit();
    } catch (error) {
      if (error instanceof BlobChecksumMismatchError) {
        throw new AppError(
          'checksum_mismatch',
          'The uploaded bytes do not match the SHA-256 given for them; nothing was stored. Upload the file again.',
          { expected: error.expected, actual: error.actual },
        );
      }
      throw error;
    } finally {
      await writer.abort();
    }
  }

  private record(
    uploader: Uploader,
    input: IngestInput,
    blob: StoredBlob,
    inspection: Inspection,
    holdId?: string,
  ): Promise<Stored> {
    const { accountId } = uploader;
    const { sha256, size } = blob;
    const { storage } = this.deps;
    const now = this.deps.clock.now();
    return transact(this.deps.db, async (trx) => {
      const repos = mediaRepos(trx);
      await storage.quota.lock(trx, accountId);
      // An upload finishes once: a second finishing PATCH meanwhile finds its hold gone.
      if (holdId !== undefined && !(await storage.quota.release(trx, holdId))) {
        throw conflict('This upload has already finished.');
      }
      // Waits for a collector that took the blob first (and deleted its bytes before committing).
      await storage.refs.claim(trx, sha256);
      const existing = await this.sameItem(repos, trx, accountId, input, sha256);
      if (existing !== undefined) return { row: existing, created: false };
      if ((await storage.refs.held(trx, accountId, sha256)) === undefined) {
        await storage.quota.admit(trx, accountId, size);
      }
      await storage.refs.ref(trx, accountId, sha256, size);
      const takenAt = inspection.takenAt ?? input.takenAt ?? now;
      const visual = inspection.kind === 'photo' || inspection.kind === 'video';
      const { section } = input;
      const row: ItemRow = {
        id: newId(),
        account_id: accountId,
        section,
        kind: inspection.kind,
        name: input.name,
        mime: inspection.mime,
        sha256,
        size,
        taken_at: takenAt,
        taken_month: monthOf(takenAt),
        album: section === 'gallery' ? (input.album ?? 'camera') : null,
        folder_id: section === 'files' ? (input.folderId ?? null) : null,
        device_id: uploader.deviceId,
        width: inspection.width,
        height: inspection.height,
        duration_ms: inspection.durationMs,
        latitude: inspection.location?.latitude ?? null,
        longitude: inspection.location?.longitude ?? null,
        title: section === 'recordings' ? (input.title ?? null) : null,
        call_number: section === 'recordings' ? (input.callNumber ?? null) : null,
        thumbnail: visual ? 'pending' : 'none',
        created_at: now,
        updated_at: now,
        deleted_at: null,
        trashed_with: null,
      };
      await repos.items.insert(row);
      await storage.refs.addUsage(trx, accountId, { [section]: size });
      if (visual) {
        // Its account's thumbnails take turns with other accounts': a big upload delays nobody else's.
        await this.deps.jobs.enqueue(THUMBNAIL_JOB, { itemId: row.id }, { db: trx, maxAttempts: 3, accountId });
      }
      return { row, created: true };
    });
  }

  /**
   * The item this one repeats, if any: the gallery keeps a photo once, recordings a recording; a file of the same name in
   * the same folder is the same file when its bytes are the same, and otherwise is replaced (the old
   * one goes to the recycle bin).
   */
  private async sameItem(
    repos: MediaRepos,
    trx: Db,
    accountId: string,
    input: IngestInput,
    sha256: string,
  ): Promise<ItemRow | undefined> {
    if (input.section !== 'files') return repos.items.liveItemWithBytes(accountId, input.section, sha256);
    const folderId = input.folderId ?? null;
    if (folderId !== null) {
      const folder = await repos.folders.get(accountId, folderId);
      if (folder?.deleted_at !== null) throw notFound('That folder does not exist.');
    }
    const named = await repos.items.liveFileNamed(accountId, folderId, input.name);
    if (named === undefined) return undefined;
    if (named.sha256 === sha256) return named;
    const now = this.deps.clock.now();
    await repos.items.update(accountId, named.id, { deleted_at: now, updated_at: now });
    await this.deps.storage.refs.addUsage(trx, accountId, { files: -named.size, bin: named.size });
    return undefined;
  }
}

const noSuchBlob = () => notFound('This account has no file with that SHA-256 and size: upload it.');

/** Refuses a file its section does not keep: the gallery photos and videos, recordings sound. */
function requireAccepted(section: MediaSection, inspection: Inspection): void {
  if (ACCEPTED[section].includes(inspection.kind)) return;
  throw new AppError(
    'unsupported_media_type',
    section === 'gallery'
      ? `The gallery keeps photos and videos; this file is ${inspection.mime}.`
      : `Recordings are sound files; this file is ${inspection.mime}.`,
    { mime: inspection.mime },
  );
}
