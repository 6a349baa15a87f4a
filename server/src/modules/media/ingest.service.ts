import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaSection, NewMediaItem } from '@nimbus/protocol';
import { BlobChecksumMismatchError, BlobTooLargeError } from '../../core/blobs/index.js';
import { AppError, badRequest, conflict, notFound } from '../../core/http/errors.js';
import { newId } from '../../core/ids.js';
import { requireDevice, requireScope, type Principal } from '../../core/auth/index.js';
import { inspectFile, type Inspection } from './inspect.js';
import type { ItemRow } from './items.repo.js';
import { inTransaction, mediaRepos, type MediaDeps, type MediaRepos } from './media.deps.js';
import { monthOf } from './media-view.js';
import { insufficientStorage, spaceOf } from './quota.js';
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

/** Most unfinished uploads an account may hold at once: each one holds space. */
export const MAX_OPEN_UPLOADS = 100;

const ACCEPTED: Record<MediaSection, readonly string[]> = {
  gallery: ['photo', 'video'],
  recordings: ['audio', 'video'],
  files: ['photo', 'video', 'audio', 'other'],
};

/** Turns uploaded bytes into items: checksum, quota, de-duplication, then one transaction. */
export class IngestService {
  constructor(private readonly deps: MediaDeps) {}

  /** Who an upload is by: the account, and the registered device when a device sends it. */
  uploader(caller: Principal): Uploader {
    requireScope(caller, 'media');
    const device = caller.via === 'device' ? requireDevice(caller) : null;
    return { accountId: caller.accountId, deviceId: device?.id ?? null };
  }

  /** The asked hashes the account does not have: what a phone still needs to upload. */
  async missing(accountId: string, hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const present = await mediaRepos(this.deps.db).storage.presentHashes(accountId, unique);
    return unique.filter((hash) => !present.has(hash));
  }

  /**
   * Holds `size` bytes of the account's quota for an upload about to start: refused (507) before the
   * first byte when they do not fit. The hold ends when the upload finishes, is cancelled or expires.
   */
  async reserve(accountId: string, uploadId: string, size: number, expiresAt: number): Promise<void> {
    const records = await this.deps.recordsBytes(accountId);
    await inTransaction(this.deps.db, async ({ storage }) => {
      const usage = await storage.lockUsage(accountId);
      // Counted under the account's lock, so uploads started together cannot pass the limit together.
      if ((await storage.uploadCount(accountId)) >= MAX_OPEN_UPLOADS) {
        throw new AppError(
          'rate_limited',
          `At most ${MAX_OPEN_UPLOADS} uploads may be unfinished at once.`,
          undefined,
          {
            'retry-after': '60',
          },
        );
      }
      const space = await spaceOf(this.deps.quotaBytes, records, storage, accountId, usage);
      if (size > space.free) throw insufficientStorage(size, space.free, this.deps.quotaBytes);
      await storage.insertUpload({
        id: uploadId,
        account_id: accountId,
        size,
        created_at: this.deps.clock.now(),
        expires_at: expiresAt,
      });
    });
  }

  /** Drops an upload's hold (finished elsewhere, cancelled or expired). */
  async release(uploadId: string): Promise<void> {
    await mediaRepos(this.deps.db).storage.deleteUpload(uploadId);
  }

  /**
   * Stores a finished staging file as an item: its SHA-256 must be the declared one, it must fit the
   * quota, and its item commits in the same transaction that ends the upload's hold. The staging
   * file is the caller's to remove afterwards.
   */
  async ingestFile(
    uploader: Uploader,
    item: NewMediaItem,
    path: string,
    uploadId?: string,
    knownSha256?: string,
  ): Promise<Stored> {
    // What the file is decides whether the section takes it, before anything is stored.
    const inspection = await inspectFile(path);
    requireAccepted(item.section, inspection);
    // Listed as an orphan before its bytes are linked in: whatever stops us before an item names
    // them (a refusal, a crash), the collector finds them and they never sit on disk unaccounted.
    await mediaRepos(this.deps.db).storage.orphan([item.sha256], this.deps.clock.now());
    let blob;
    try {
      blob = await this.deps.blobs.putFile(path, {
        expectedSha256: item.sha256,
        ...(knownSha256 === undefined ? {} : { knownSha256 }),
      });
    } catch (error) {
      if (error instanceof BlobChecksumMismatchError) {
        throw new AppError(
          'checksum_mismatch',
          'The uploaded bytes do not match the SHA-256 given for them; nothing was stored. Upload the file again.',
          { expected: error.expected, actual: error.actual },
        );
      }
      throw error;
    }
    return this.record(uploader, item, blob.size, inspection, { uploadId, stagingPath: path });
  }

  /** A small file in one request body, staged like an upload so it takes the same path. */
  async ingestStream(
    uploader: Uploader,
    item: NewMediaItem,
    body: NodeJS.ReadableStream,
    size: number,
  ): Promise<Stored> {
    const uploadId = `single-${randomBytes(12).toString('hex')}`;
    const path = join(this.deps.uploadsDir, uploadId);
    await this.reserve(uploader.accountId, uploadId, size, this.deps.clock.now() + 3_600_000);
    try {
      let received = 0;
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer | string>) {
          for await (const chunk of chunks) {
            received += Buffer.byteLength(chunk);
            if (received > size) throw new BlobTooLargeError(size);
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx', mode: 0o600 }),
      );
      if (received !== size) throw badRequest(`The body has ${received} bytes, not the ${size} announced.`);
      return await this.ingestFile(uploader, item, path, uploadId);
    } catch (error) {
      if (error instanceof BlobTooLargeError) throw badRequest(`The body is longer than the ${size} bytes announced.`);
      throw error;
    } finally {
      await this.release(uploadId);
      await rm(path, { force: true });
    }
  }

  /** An item named by a blob the account already has: a re-installed phone uploads nothing twice. */
  async fromBlob(uploader: Uploader, item: NewMediaItem & { size: number }): Promise<Stored> {
    const blob = await mediaRepos(this.deps.db).storage.blob(uploader.accountId, item.sha256);
    const path = this.deps.blobs.localPath(item.sha256);
    if (blob?.size !== item.size || path === null) {
      throw notFound('This account has no file with that SHA-256 and size: upload it.');
    }
    const inspection = await inspectFile(path);
    requireAccepted(item.section, inspection);
    return this.record(uploader, item, item.size, inspection, {});
  }

  private async record(
    uploader: Uploader,
    item: NewMediaItem,
    size: number,
    inspection: Inspection,
    from: { uploadId?: string | undefined; stagingPath?: string },
  ): Promise<Stored> {
    const { accountId } = uploader;
    const now = this.deps.clock.now();
    const records = await this.deps.recordsBytes(accountId);
    return inTransaction(this.deps.db, async (repos, trx) => {
      const usage = await repos.storage.lockUsage(accountId);
      // An upload finishes once: a second finishing PATCH meanwhile finds its hold gone.
      if (from.uploadId !== undefined && !(await repos.storage.deleteUpload(from.uploadId))) {
        throw conflict('This upload has already finished.');
      }
      // Taking the blob off the orphan list waits for a collector that took it first (and deleted its
      // bytes before committing); the bytes are checked, and linked again, after this point only.
      await repos.storage.unorphan(item.sha256);
      const existing = await this.sameItem(repos, accountId, item);
      if (existing !== undefined) return { row: existing, created: false };
      const added = await repos.storage.refBlob(accountId, item.sha256, size, now);
      if (added) {
        const space = await spaceOf(this.deps.quotaBytes, records, repos.storage, accountId, usage);
        if (size > space.free) throw insufficientStorage(size, space.free, this.deps.quotaBytes);
      }
      await this.ensureBytes(item.sha256, from.stagingPath);
      const takenAt = inspection.takenAt ?? (item.takenAt === undefined ? now : Date.parse(item.takenAt));
      const visual = inspection.kind === 'photo' || inspection.kind === 'video';
      const row: ItemRow = {
        id: newId(),
        account_id: accountId,
        section: item.section,
        kind: inspection.kind,
        name: item.name,
        mime: inspection.mime,
        sha256: item.sha256,
        size,
        taken_at: takenAt,
        taken_month: monthOf(takenAt),
        album: item.section === 'gallery' ? (item.album ?? 'camera') : null,
        folder_id: item.section === 'files' ? (item.folderId ?? null) : null,
        device_id: uploader.deviceId,
        width: inspection.width,
        height: inspection.height,
        duration_ms: inspection.durationMs,
        latitude: inspection.location?.latitude ?? null,
        longitude: inspection.location?.longitude ?? null,
        title: item.section === 'recordings' ? (item.title ?? null) : null,
        call_number: item.section === 'recordings' ? (item.callNumber ?? null) : null,
        thumbnail: visual ? 'pending' : 'none',
        created_at: now,
        updated_at: now,
        deleted_at: null,
        trashed_with: null,
      };
      await repos.items.insert(row);
      await repos.storage.addUsage(accountId, { blobs: added ? size : 0, [item.section]: size });
      if (visual) await this.deps.jobs.enqueue(THUMBNAIL_JOB, { itemId: row.id }, { db: trx, maxAttempts: 3 });
      return { row, created: true };
    });
  }

  /**
   * The item this one repeats, if any: the gallery keeps a photo once, recordings a recording; a file of the same name in
   * the same folder is the same file when its bytes are the same, and otherwise is replaced (the old
   * one goes to the recycle bin).
   */
  private async sameItem(repos: MediaRepos, accountId: string, item: NewMediaItem): Promise<ItemRow | undefined> {
    if (item.section !== 'files') return repos.items.liveItemWithBytes(accountId, item.section, item.sha256);
    const folderId = item.folderId ?? null;
    if (folderId !== null) {
      const folder = await repos.folders.get(accountId, folderId);
      if (folder?.deleted_at !== null) throw notFound('That folder does not exist.');
    }
    const named = await repos.items.liveFileNamed(accountId, folderId, item.name);
    if (named === undefined) return undefined;
    if (named.sha256 === item.sha256) return named;
    const now = this.deps.clock.now();
    await repos.items.update(accountId, named.id, { deleted_at: now, updated_at: now });
    await repos.storage.addUsage(accountId, { files: -named.size, bin: named.size });
    return undefined;
  }

  /**
   * Inside the item's transaction: the blob's bytes must be there. Only the garbage collector, having
   * taken a blob that every account had let go of an hour before, can have deleted them; they are
   * linked again from the staging file, or, with none, the caller must upload them.
   */
  private async ensureBytes(sha256: string, stagingPath: string | undefined): Promise<void> {
    const local = this.deps.blobs.localPath(sha256);
    if (local === null) return;
    const present = await stat(local).then(
      () => true,
      () => false,
    );
    if (present) return;
    if (stagingPath === undefined) throw notFound('This account has no file with that SHA-256 and size: upload it.');
    await this.deps.blobs.putFile(stagingPath, { expectedSha256: sha256 });
  }
}

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
