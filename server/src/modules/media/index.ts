import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { AccountsApi } from '../accounts/index.js';
import { BinService } from './bin.service.js';
import { filesRoutes } from './files.routes.js';
import { IngestService } from './ingest.service.js';
import { LibraryService } from './library.service.js';
import { inTransaction, mediaRepos, type MediaDeps } from './media.deps.js';
import { mediaRoutes } from './media.routes.js';
import { describeStorage } from './quota.js';
import { removeStaged } from './tus-uploads.js';
import { uploadsRoutes } from './uploads.routes.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './media.tables.js';

export type { MediaDeps } from './media.deps.js';
export { ThumbnailStore } from './thumbnails.js';
export { defineThumbnailJob, THUMBNAIL_JOB } from './thumbnail.jobs.js';
export { scheduleMediaJobs, collectBlobs, expireUploads, recountUsage, PURGE_MEDIA_BIN } from './media.jobs.js';

export interface MediaModule {
  ingest: IngestService;
  library: LibraryService;
  bin: BinService;
}

/** Registers the media module: uploads, the gallery, recordings, files, the bin and storage. */
export async function registerMedia(
  app: FastifyInstance,
  deps: MediaDeps,
  accounts: AccountsApi,
): Promise<MediaModule> {
  await mkdir(deps.uploadsDir, { recursive: true });
  const ingest = new IngestService(deps);
  const library = new LibraryService(deps);
  const bin = new BinService(deps);
  const storage = mediaRepos(deps.db).storage;
  await app.register(
    uploadsRoutes(ingest, accounts, {
      uploadsDir: deps.uploadsDir,
      storage,
      now: () => deps.clock.now(),
      log: deps.log,
    }),
  );
  await app.register(
    mediaRoutes(library, accounts, {
      blobs: deps.blobs,
      thumbnails: deps.thumbnails,
      storage: (accountId) => describeStorage(deps, storage, accountId),
    }),
  );
  await app.register(filesRoutes(library, bin, accounts));
  return { ingest, library, bin };
}

/**
 * Lets go of everything a purged account kept outside its rows: its blobs become orphans (deleted
 * once no other account names them) and its staged uploads go. Idempotent, as the purge requires.
 */
export function purgeAccountMedia(deps: Pick<MediaDeps, 'db' | 'uploadsDir' | 'clock'>) {
  return async (accountId: string): Promise<void> => {
    const storage = mediaRepos(deps.db).storage;
    for (const id of await storage.accountUploads(accountId)) await removeStaged(deps.uploadsDir, id);
    await inTransaction(deps.db, async (repos) => {
      await repos.storage.orphan(await repos.storage.accountBlobs(accountId), deps.clock.now());
    });
  };
}
