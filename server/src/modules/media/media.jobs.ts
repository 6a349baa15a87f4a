import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobRunner } from '../../core/jobs/index.js';
import type { BinService } from './bin.service.js';
import { HOUR } from '../../core/time.js';
import { mediaRepos, type MediaDeps } from './media.deps.js';
import { removeStaged } from './tus-uploads.js';

export const PURGE_MEDIA_BIN = 'media.purge-bin';
export const EXPIRE_UPLOADS = 'media.expire-uploads';
export const RECOUNT_USAGE = 'media.recount-usage';

/** Staged files with no upload behind them (a crash mid-way) are removed after this long. */
const STRAY_STAGING_MS = HOUR;

/** Drops uploads not finished in time, with their held space, and staged files nobody owns. */
export async function expireUploads(deps: MediaDeps, now: number): Promise<number> {
  const { quota } = deps.storage;
  let expired = 0;
  for (;;) {
    const ids = await quota.expiredHolds(now, 500);
    if (ids.length === 0) break;
    for (const id of ids) {
      await removeStaged(deps.uploadsDir, id);
      await quota.release(deps.db, id);
      expired += 1;
    }
  }
  for (const name of await readdir(deps.uploadsDir).catch(() => [] as string[])) {
    const id = name.replace(/\.json$/, '');
    const info = await stat(join(deps.uploadsDir, name)).catch(() => null);
    if (info === null || now - info.mtimeMs < STRAY_STAGING_MS) continue;
    if ((await quota.hold(id)) === undefined) await removeStaged(deps.uploadsDir, id);
  }
  return expired;
}

/** Sets every account's usage counters from its blob references and its items; returns how many had drifted. */
export function recountUsage(deps: MediaDeps, now: number): Promise<number> {
  return deps.storage.recount(now, (trx, accountId) => mediaRepos(trx).items.countSections(accountId));
}

/** Media housekeeping on schedules that survive restarts. */
export async function scheduleMediaJobs(runner: JobRunner, deps: MediaDeps, bin: BinService): Promise<void> {
  runner.define({
    name: PURGE_MEDIA_BIN,
    queue: 'maintenance',
    async run(_payload, context) {
      const purged = await bin.purge(deps.clock.now());
      if (purged.items > 0) context.log.info(purged, 'purged the media recycle bin');
    },
  });
  runner.define({
    name: EXPIRE_UPLOADS,
    queue: 'maintenance',
    async run(_payload, context) {
      const expired = await expireUploads(deps, deps.clock.now());
      if (expired > 0) context.log.info({ expired }, 'dropped unfinished uploads');
    },
  });
  runner.define({
    name: RECOUNT_USAGE,
    queue: 'maintenance',
    async run() {
      await recountUsage(deps, deps.clock.now());
    },
  });
  await runner.schedule(PURGE_MEDIA_BIN, '23 4 * * *');
  await runner.schedule(EXPIRE_UPLOADS, '37 * * * *');
  await runner.schedule(RECOUNT_USAGE, '53 4 * * *');
}
