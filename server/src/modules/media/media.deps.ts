import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../../core/blobs/index.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { JobQueue } from '../../core/jobs/index.js';
import type { StorageApi } from '../storage/index.js';
import { FoldersRepo } from './folders.repo.js';
import { ItemsRepo } from './items.repo.js';
import type { ThumbnailStore } from './thumbnails.js';

/** What the media services use, and nothing more. */
export interface MediaDeps {
  db: Db;
  blobs: BlobStore;
  /** Blob references, usage and the quota: the storage module's API. */
  storage: StorageApi;
  thumbnails: ThumbnailStore;
  /** Where tus stages unfinished uploads (on this server's disk, whatever the blob store is). */
  uploadsDir: string;
  clock: Clock;
  jobs: JobQueue;
  log: FastifyBaseLogger;
}

/** The media repos, bound to one connection or transaction. */
export interface MediaRepos {
  items: ItemsRepo;
  folders: FoldersRepo;
}

export function mediaRepos(db: Db): MediaRepos {
  return { items: new ItemsRepo(db), folders: new FoldersRepo(db) };
}
