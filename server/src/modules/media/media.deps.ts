import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../../core/blobs/index.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { JobQueue } from '../../core/jobs/index.js';
import { FoldersRepo } from './folders.repo.js';
import { ItemsRepo } from './items.repo.js';
import { StorageRepo } from './storage.repo.js';
import type { ThumbnailStore } from './thumbnails.js';

/** What the media services use, and nothing more. */
export interface MediaDeps {
  db: Db;
  blobs: BlobStore;
  thumbnails: ThumbnailStore;
  /** Where unfinished uploads are staged: inside the blob store's folder, so a finished one is linked, not copied. */
  uploadsDir: string;
  clock: Clock;
  jobs: JobQueue;
  /** Bytes every account may keep (the Free plan until plans arrive); read at each check, never cached. */
  quotaBytes: number;
  /** Bytes of the account's synced records, which count toward the quota too. */
  recordsBytes(accountId: string): Promise<number>;
  log: FastifyBaseLogger;
}

/** The media repos, bound to one connection or transaction. */
export interface MediaRepos {
  items: ItemsRepo;
  folders: FoldersRepo;
  storage: StorageRepo;
}

export function mediaRepos(db: Db): MediaRepos {
  return { items: new ItemsRepo(db), folders: new FoldersRepo(db), storage: new StorageRepo(db) };
}

/** Runs `work` in one transaction over every media repo. */
export function inTransaction<T>(db: Db, work: (repos: MediaRepos, trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(mediaRepos(trx), trx));
}
