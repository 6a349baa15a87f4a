import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { BinService } from './bin.service.js';
import { filesRoutes } from './files.routes.js';
import { IngestService } from './ingest.service.js';
import { LibraryService } from './library.service.js';
import type { MediaDeps } from './media.deps.js';
import { mediaRoutes } from './media.routes.js';
import { removeStaged } from './tus-uploads.js';
import { uploadsRoutes } from './uploads.routes.js';

export type { MediaDeps } from './media.deps.js';
export type { IngestInput, Uploader } from './ingest.service.js';
export { ThumbnailStore } from './thumbnails.js';
export { defineThumbnailJob, THUMBNAIL_JOB } from './thumbnail.jobs.js';
export { scheduleMediaJobs, expireUploads, recountUsage, PURGE_MEDIA_BIN } from './media.jobs.js';

export interface MediaModule {
  ingest: IngestService;
  library: LibraryService;
  bin: BinService;
}

/** Registers the media module: uploads, the gallery, recordings, files and the bin, over storage. */
export async function registerMedia(app: FastifyInstance, deps: MediaDeps): Promise<MediaModule> {
  await mkdir(deps.uploadsDir, { recursive: true });
  const ingest = new IngestService(deps);
  const library = new LibraryService(deps);
  const bin = new BinService(deps);
  const { quota, refs } = deps.storage;
  // Thumbnails are named by their blob: they go with it.
  refs.onCollected((sha256) => deps.thumbnails.remove(sha256));
  await app.register(
    uploadsRoutes(ingest, {
      uploadsDir: deps.uploadsDir,
      hold: (id) => quota.hold(id),
      now: () => deps.clock.now(),
      log: deps.log,
    }),
  );
  await app.register(
    mediaRoutes(library, {
      blobs: deps.blobs,
      thumbnails: deps.thumbnails,
      storage: (accountId) => quota.describe(accountId),
    }),
  );
  await app.register(filesRoutes(library, bin));
  return { ingest, library, bin };
}

/**
 * Removes the staged uploads of a purged account (its blobs are the storage module's to let go of).
 * Idempotent, as the purge requires.
 */
export function purgeAccountMedia(deps: Pick<MediaDeps, 'storage' | 'uploadsDir'>) {
  return async (accountId: string): Promise<void> => {
    for (const id of await deps.storage.quota.holdsOf(accountId)) await removeStaged(deps.uploadsDir, id);
  };
}
