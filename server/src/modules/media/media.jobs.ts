import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobRunner } from '../../core/jobs/index.js';
import type { BinService } from './bin.service.js';
import { HOUR } from '../../core/time.js';
import { inTransaction, mediaRepos, type MediaDeps } from './media.deps.js';
import { removeStaged } from './tus-uploads.js';

export const PURGE_MEDIA_BIN = 'media.purge-bin';
export const COLLECT_BLOBS = 'media.collect-blobs';
export const EXPIRE_UPLOADS = 'media.expire-uploads';
export const RECOUNT_USAGE = 'media.recount-usage';

/** A blob no account names is kept this long before its bytes go: a phone re-uploading it meanwhile costs nothing. */
export const ORPHAN_GRACE_MS = HOUR;
/** Staged files with no upload behind them (a crash mid-way) are removed after this long. */
const STRAY_STAGING_MS = HOUR;

/** Deletes the bytes of blobs that no account names any more, and their pictures. */
export async function collectBlobs(deps: MediaDeps, now: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await mediaRepos(deps.db).storage.orphansBefore(now - ORPHAN_GRACE_MS, 500);
    if (batch.length === 0) return removed;
    for (const sha256 of batch) {
      // The bytes go before the claim commits: an upload naming the blob meanwhile waits for this
      // transaction and then finds them gone (and links them again) rather than finding them about to go.
      const deleted = await inTransaction(deps.db, async (repos) => {
        if (!(await repos.storage.claimOrphan(sha256))) return false;
        await deps.blobs.delete(sha256);
        await deps.thumbnails.remove(sha256);
        return true;
      });
      if (deleted) removed += 1;
    }
  }
}

/** Drops uploads not finished in time, with their held space, and staged files nobody owns. */
export async function expireUploads(deps: MediaDeps, now: number): Promise<number> {
  const storage = mediaRepos(deps.db).storage;
  let expired = 0;
  for (;;) {
    const ids = await storage.expiredUploads(now, 500);
    if (ids.length === 0) break;
    for (const id of ids) {
      await removeStaged(deps.uploadsDir, id);
      await storage.deleteUpload(id);
      expired += 1;
    }
  }
  for (const name of await readdir(deps.uploadsDir).catch(() => [] as string[])) {
    const id = name.replace(/\.json$/, '');
    const info = await stat(join(deps.uploadsDir, name)).catch(() => null);
    if (info === null || now - info.mtimeMs < STRAY_STAGING_MS) continue;
    if ((await storage.upload(id)) === undefined) await removeStaged(deps.uploadsDir, id);
  }
  return expired;
}

/** Sets every account's usage counters from its items: what drifted (it should not) is logged and fixed. */
export async function recountUsage(deps: MediaDeps, now: number): Promise<number> {
  const storage = mediaRepos(deps.db).storage;
  let drifted = 0;
  for (const accountId of await storage.accountsWithUsage()) {
    await inTransaction(deps.db, async (repos) => {
      const before = await repos.storage.lockUsage(accountId);
      const counted = await repos.storage.countUsage(accountId);
      const differs = (Object.keys(counted) as (keyof typeof counted)[]).some(
        (bucket) => before[bucket] !== counted[bucket],
      );
      if (differs) {
        drifted += 1;
        deps.log.warn({ accountId, before, counted }, 'storage usage had drifted; recounted');
      }
      await repos.storage.setUsage(accountId, counted, now);
    });
  }
  return drifted;
}

/** Media housekeeping on schedules that survive restarts. */
export async function scheduleMediaJobs(runner: JobRunner, deps: MediaDeps, bin: BinService): Promise<void> {
  runner.define({
    name: PURGE_MEDIA_BIN,
    async run(_payload, context) {
      const purged = await bin.purge(deps.clock.now());
      if (purged.items > 0) context.log.info(purged, 'purged the media recycle bin');
    },
  });
  runner.define({
    name: COLLECT_BLOBS,
    async run(_payload, context) {
      const removed = await collectBlobs(deps, deps.clock.now());
      if (removed > 0) context.log.info({ removed }, 'deleted blobs no account names');
    },
  });
  runner.define({
    name: EXPIRE_UPLOADS,
    async run(_payload, context) {
      const expired = await expireUploads(deps, deps.clock.now());
      if (expired > 0) context.log.info({ expired }, 'dropped unfinished uploads');
    },
  });
  runner.define({
    name: RECOUNT_USAGE,
    async run() {
      await recountUsage(deps, deps.clock.now());
    },
  });
  await runner.schedule(PURGE_MEDIA_BIN, '23 4 * * *');
  await runner.schedule(COLLECT_BLOBS, '7 * * * *');
  await runner.schedule(EXPIRE_UPLOADS, '37 * * * *');
  await runner.schedule(RECOUNT_USAGE, '53 4 * * *');
}
