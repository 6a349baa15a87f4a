import type { BlobStore } from './blobs/index.js';
import type { Clock } from './time.js';
import type { JobRunner, JobsRepo } from './jobs/index.js';
import { DAY } from './time.js';

/** Finished jobs are kept a while for operators to inspect; failed ones longer, as they need a look. */
export const KEEP_DONE_JOBS_MS = 7 * DAY;
export const KEEP_FAILED_JOBS_MS = 30 * DAY;

export const PURGE_FINISHED_JOBS = 'maintenance.purge-finished-jobs';
export const SWEEP_BLOB_TEMP = 'maintenance.sweep-blob-temp';

/** Housekeeping every installation needs, on schedules that survive restarts. */
export async function scheduleMaintenance(
  runner: JobRunner,
  deps: { repo: JobsRepo; blobs: BlobStore; clock: Clock },
): Promise<void> {
  runner.define({
    name: PURGE_FINISHED_JOBS,
    queue: 'maintenance',
    async run(_payload, context) {
      const now = deps.clock.now();
      const removed = await deps.repo.purgeFinished(now - KEEP_DONE_JOBS_MS, now - KEEP_FAILED_JOBS_MS);
      context.log.info({ removed }, 'purged finished jobs');
    },
  });
  runner.define({
    name: SWEEP_BLOB_TEMP,
    queue: 'maintenance',
    async run(_payload, context) {
      const removed = await deps.blobs.sweepTemp();
      if (removed.length > 0) context.log.info({ removed: removed.length }, 'removed abandoned blob uploads');
    },
  });
  await runner.schedule(PURGE_FINISHED_JOBS, '17 3 * * *');
  await runner.schedule(SWEEP_BLOB_TEMP, '41 * * * *');
}
