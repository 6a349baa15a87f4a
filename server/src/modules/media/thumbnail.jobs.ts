import type { FastifyBaseLogger } from 'fastify';
import { withLocalFile, type BlobStore } from '../../core/blobs/index.js';
import { MINUTE, SECOND, type Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { JobRunner } from '../../core/jobs/index.js';
import { ItemsRepo } from './items.repo.js';
import { UndecodableError, type ThumbnailStore } from './thumbnails.js';

export const THUMBNAIL_JOB = 'media.thumbnail';

export interface ThumbnailJobDeps {
  db: Db;
  blobs: BlobStore;
  thumbnails: ThumbnailStore;
  clock: Clock;
  log: FastifyBaseLogger;
}

/**
 * Makes an item's thumbnail and preview in the background. What cannot be decoded (a truncated JPEG,
 * a pixel bomb) is marked failed at once with one log line, and the portal shows a placeholder; any
 * other failure (a full disk) is retried, and after the last try marked failed too: never pending for ever.
 */
export function defineThumbnailJob(runner: JobRunner, deps: ThumbnailJobDeps): void {
  const items = new ItemsRepo(deps.db);
  runner.define<{ itemId: string }>({
    name: THUMBNAIL_JOB,
    // Decoding is the heaviest work there is; each account's thumbnails take turns with others'.
    queue: 'media',
    timeoutMs: 2 * MINUTE,
    backoffMs: (attempt) => 10 * SECOND * attempt,
    async run({ itemId }, context) {
      const item = await items.byId(itemId);
      if (item === undefined || item.thumbnail === 'ready') return;
      const kind = item.kind === 'video' ? 'video' : 'photo';
      try {
        if (await deps.thumbnails.has(item.sha256)) {
          await items.setThumbnail(item.account_id, item.sha256, 'ready', deps.clock.now());
          return;
        }
        // sharp and ffmpeg read files: a blob store without them lends a temporary copy.
        const made = await withLocalFile(deps.blobs, item.sha256, (source) =>
          deps.thumbnails.make(item.sha256, source, kind, context.signal),
        );
        await items.setThumbnail(item.account_id, item.sha256, made ? 'ready' : 'none', deps.clock.now());
      } catch (error) {
        if (error instanceof UndecodableError) {
          context.log.warn(
            { itemId, sha256: item.sha256, mime: item.mime, reason: error.message },
            'cannot make a thumbnail: the file does not decode; a placeholder stands in',
          );
          await items.setThumbnail(item.account_id, item.sha256, 'failed', deps.clock.now());
          return;
        }
        if (context.attempt >= 3) {
          context.log.error({ itemId, err: error }, 'thumbnail failed on its last try; a placeholder stands in');
          await items.setThumbnail(item.account_id, item.sha256, 'failed', deps.clock.now());
          return;
        }
        throw error;
      }
    },
  });
}
