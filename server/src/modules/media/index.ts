import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { defineModule } from '../../core/module.js';
import { BinService } from './bin.service.js';
import { filesRoutes } from './files.routes.js';
import { IngestService } from './ingest.service.js';
import { LibraryService } from './library.service.js';
import type { MediaDeps } from './media.deps.js';
import { scheduleMediaJobs } from './media.jobs.js';
import { mediaRoutes } from './media.routes.js';
import { mediaSummaryRoutes } from './summary.routes.js';
import { defineThumbnailJob } from './thumbnail.jobs.js';
import { ThumbnailStore } from './thumbnails.js';
import { removeStaged } from './tus-uploads.js';
import { uploadsRoutes } from './uploads.routes.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './media.tables.js';

export type { MediaDeps } from './media.deps.js';
export type { IngestInput, Uploader } from './ingest.service.js';
export { ThumbnailStore } from './thumbnails.js';
export { defineThumbnailJob, THUMBNAIL_JOB } from './thumbnail.jobs.js';
export { scheduleMediaJobs, expireUploads, recountUsage, PURGE_MEDIA_BIN } from './media.jobs.js';

export interface MediaModule {
  ingest: IngestService;
  library: LibraryService;
  bin: BinService;
  /** What its services and jobs run on: for the tests that play those jobs by hand. */
  deps: MediaDeps;
}

declare module '../../core/module.js' {
  interface ModuleApis {
    media: MediaModule;
  }
}

/** Media: uploads, the gallery, recordings, files and their bin, over the storage module. */
export const mediaModule = defineModule({
  name: 'media',
  needs: ['accounts', 'storage'],
  async register({ app, services, log, modules, onJobsStart }) {
    const { database, blobs, clock, jobs, config, runner } = services;
    const deps: MediaDeps = {
      db: database.db,
      blobs,
      storage: modules.storage,
      thumbnails: new ThumbnailStore(path.join(config.dataDir, 'thumbnails')),
      uploadsDir: path.join(config.dataDir, 'blobs', 'uploads'),
      clock,
      jobs,
      log,
    };
    await mkdir(deps.uploadsDir, { recursive: true });
    const ingest = new IngestService(deps);
    const library = new LibraryService(deps);
    const bin = new BinService(deps);
    const { quota, refs } = deps.storage;
    // Thumbnails are named by their blob: they go with it.
    refs.onCollected((sha256) => deps.thumbnails.remove(sha256));
    modules.accounts.onPurge(purgeAccountMedia(deps));
    await app.register(
      uploadsRoutes(ingest, {
        uploadsDir: deps.uploadsDir,
        hold: (id) => quota.hold(id),
        now: () => clock.now(),
        log,
      }),
    );
    await app.register(
      mediaRoutes(library, {
        blobs,
        thumbnails: deps.thumbnails,
        storage: (accountId) => quota.describe(accountId),
      }),
    );
    await app.register(filesRoutes(library, bin));
    await app.register(mediaSummaryRoutes(library));
    defineThumbnailJob(runner, deps);
    onJobsStart(() => scheduleMediaJobs(runner, deps, bin));
    return { ingest, library, bin, deps };
  },
});

/**
 * Removes the staged uploads of a purged account (its blobs are the storage module's to let go of).
 * Idempotent, as the purge requires.
 */
export function purgeAccountMedia(deps: Pick<MediaDeps, 'storage' | 'uploadsDir'>) {
  return async (accountId: string): Promise<void> => {
    for (const id of await deps.storage.quota.holdsOf(accountId)) await removeStaged(deps.uploadsDir, id);
  };
}
