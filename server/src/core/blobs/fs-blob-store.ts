import { constants } from 'node:fs';
import { access, mkdir, open, readFile, readdir, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { BlobMeter } from './blob-meter.js';
import {
  assertSha256,
  BlobNotFoundError,
  checkStageOptions,
  InvalidBlobRangeError,
  putStaged,
  type BlobRange,
  type BlobSource,
  type BlobStore,
  type BlobWriter,
  type PutOptions,
  type StageOptions,
  type StoredBlob,
} from './blob-store.js';
import { DAY } from '../time.js';

/**
 * Every write touches the temp file's mtime, so a temp file untouched this long is abandoned even if its
 * pid looks alive: pids are reused, after a reboot almost surely.
 */
const STALE_TEMP_MS = DAY;
/** `<host>-<pid>-<random>.part`; the host may hold dashes itself, the random part never does. */
const TEMP_NAME = /^([A-Za-z0-9-]+)-(\d+)-[0-9a-f]{16}\.part$/;
const MAX_HOST_TAG = 63;

/**
 * The host part of temp file names: the hostname cut to [A-Za-z0-9-] and at most 63 characters. A
 * hostname that had to be changed for that gets a hash of the original, so two hosts whose names
 * differ only in dropped characters still never take each other's temp files for their own.
 */
export function tempHostTag(name = hostname()): string {
  const cleaned = name.replace(/[^A-Za-z0-9-]/g, '-');
  if (cleaned === name && name !== '' && name.length <= MAX_HOST_TAG) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, MAX_HOST_TAG - digest.length - 1)}-${digest}`;
}

/**
 * A BlobStore on a local filesystem. Layout: `<root>/objects/ab/cd/<sha256>` for blobs (two levels of
 * fan-out keep directories small), `<root>/tmp/<host>-<pid>-<random>.part` for writes in progress. Both
 * live under one root so the final rename never crosses filesystems and stays atomic. The host in the temp
 * name is there for a root shared between containers or machines: a pid means something on its own host only.
 */
export class FsBlobStore implements BlobStore {
  readonly objectsDir: string;
  readonly tmpDir: string;
  private readonly host = tempHostTag();

  constructor(readonly root: string) {
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
  }

  async stage(options: StageOptions = {}): Promise<BlobWriter> {
    const maxBytes = checkStageOptions(options);
    const tmpPath = this.tempPath();
    // Created before any byte arrives, so abort() can never race the file into existence.
    const file = await open(tmpPath, 'wx', 0o600);
    return new FsBlobWriter(this, file, tmpPath, new BlobMeter(maxBytes, options.expectedSha256));
  }

  put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    return putStaged(this, source, options);
  }

  localPath(sha256: string): string {
    assertSha256(sha256);
    return this.objectPath(sha256);
  }

  async get(sha256: string, range?: BlobRange): Promise<NodeJS.ReadableStream> {
    assertSha256(sha256);
    // Open first and size the open file, so a concurrent delete cannot slip between the check and the read.
    const file = await open(this.objectPath(sha256), 'r').catch((error: unknown) => {
      throw isNotFound(error) ? new BlobNotFoundError(sha256) : error;
    });
    try {
      const { size } = await file.stat();
      if (range && !isSatisfiable(range, size)) throw new InvalidBlobRangeError(range, size);
      // Without a range `end` stays out: for an empty blob it would be -1, which createReadStream rejects.
      return file.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    assertSha256(sha256);
    const stats = await statOrNull(this.objectPath(sha256));
    return stats ? { sha256, size: stats.size } : null;
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await rm(this.objectPath(sha256));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async check(): Promise<void> {
    // The probe is named like any temp file, so if we die right here the next open sweeps it.
    const probe = this.tempPath();
    const token = randomBytes(16);
    try {
      await writeFile(probe, token, { flag: 'wx' });
      if (!token.equals(await readFile(probe))) throw new Error(`Blob store ${this.root} reads back wrong bytes.`);
    } finally {
      await rm(probe, { force: true });
    }
    await access(this.objectsDir, constants.R_OK | constants.W_OK | constants.X_OK);
  }

  objectPath(sha256: string): string {
    return join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  tempPath(): string {
    return join(this.tmpDir, `${this.host}-${process.pid}-${randomBytes(8).toString('hex')}.part`);
  }

  /** Moves a writer's finished, fsynced temp file into place as the blob. */
  async place(tmpPath: string, { sha256, size }: StoredBlob): Promise<void> {
    const finalPath = this.objectPath(sha256);
    const leafDir = dirname(finalPath);
    await mkdir(leafDir, { recursive: true });
    // Same name means same content, so an existing blob wins and our copy goes. A size mismatch can only be
    // damage done outside the store; the fresh copy replaces it.
    const existing = await statOrNull(finalPath);
    if (existing?.size === size) await rm(tmpPath, { force: true });
    else await rename(tmpPath, finalPath);
    // The rename, and any fan-out directory just made, are only durable once their directories are synced.
    // Also on de-dup: the writer that renamed the existing blob may not have synced them yet.
    for (const dir of [leafDir, dirname(leafDir), this.objectsDir]) await fsyncDir(dir);
  }

  /**
   * Removes temp files of writers that died, never those of a live one. Only a writer on this host can be
   * asked whether it lives; another host's temp files, and names without a host (written before names had
   * one, or not by us), are judged by age alone.
   */
  async sweepTemp(now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      const stats = await statOrNull(path);
      if (!stats?.isFile()) continue;
      const [, host, pid] = TEMP_NAME.exec(name) ?? [];
      const writerDead = host === this.host && pid !== undefined && !isAlive(Number(pid));
      if (writerDead || now - stats.mtimeMs > STALE_TEMP_MS) {
        await rm(path, { force: true });
        removed.push(name);
      }
    }
    return removed;
  }
}

/** A writer of FsBlobStore: a temp file under `<root>/tmp`, fsynced on finish, renamed into place on commit. */
class FsBlobWriter implements BlobWriter {
  private state: 'open' | 'finished' | 'committed' | 'discarded' = 'open';
  private writing = false;
  private result: StoredBlob | undefined;

  constructor(
    private readonly store: FsBlobStore,
    private readonly file: FileHandle,
    private readonly tmpPath: string,
    private readonly meter: BlobMeter,
  ) {}

  async write(source: BlobSource): Promise<void> {
    if (this.state !== 'open' || this.writing) throw new Error('This blob writer takes no more bytes.');
    this.writing = true;
    try {
      // One write at a time: the source is pulled no faster than the disk takes it.
      for await (const chunk of this.meter.pass(source)) await this.file.write(chunk);
    } catch (error) {
      await this.abort();
      throw error;
    } finally {
      this.writing = false;
    }
  }

  async finish(): Promise<StoredBlob> {
    if (this.state === 'discarded') throw new Error('This blob writer was aborted.');
    if (this.result !== undefined) return this.result;
    if (this.state !== 'open' || this.writing) throw new Error('This blob writer has nothing to finish.');
    try {
      const blob = this.meter.finish();
      await this.file.sync();
      await this.file.close();
      this.state = 'finished';
      this.result = blob;
      return blob;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async commit(): Promise<StoredBlob> {
    const blob = await this.finish();
    if (this.state === 'committed') return blob;
    try {
      await this.store.place(this.tmpPath, blob);
    } catch (error) {
      await this.abort();
      throw error;
    }
    this.state = 'committed';
    return blob;
  }

  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'discarded') return;
    if (this.state === 'open') await this.file.close().catch(() => undefined);
    this.state = 'discarded';
    await rm(this.tmpPath, { force: true });
  }
}

/** Opens (creating if needed) a store at `root` and clears what crashed writers left behind. */
export async function openFsBlobStore(root: string): Promise<FsBlobStore> {
  const store = new FsBlobStore(root);
  await mkdir(store.objectsDir, { recursive: true });
  await mkdir(store.tmpDir, { recursive: true });
  await store.sweepTemp();
  return store;
}

function isSatisfiable({ start, end }: BlobRange, size: number): boolean {
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end < size;
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false; // kill(0) and kill(-n) address process groups, not a writer
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Like PostgreSQL's fsync_fname: some filesystems refuse fsync on directories; there is nothing more to do.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle.close();
  }
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
