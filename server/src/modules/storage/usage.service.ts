import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import type { UsageBreakdownDelta } from './blob-refs.service.js';
import { StorageRepo, type UsageBucket } from './storage.repo.js';

/** What a module's own rows say its breakdown buckets add up to, read on the transaction it is given. */
export type BreakdownCounter = (trx: Db, accountId: string) => Promise<Required<UsageBreakdownDelta>>;

/**
 * Sets every account's usage counters from the truth: its blob references, and what `breakdownOf`
 * counts from the rows behind the breakdown. What drifted (it should not) is logged and fixed;
 * returns how many accounts had drifted.
 */
export async function recountUsage(
  deps: { db: Db; log: FastifyBaseLogger },
  now: number,
  breakdownOf: BreakdownCounter,
): Promise<number> {
  let drifted = 0;
  for (const accountId of await new StorageRepo(deps.db).accountsWithUsage()) {
    await transact(deps.db, async (trx) => {
      const repo = new StorageRepo(trx);
      const before = await repo.lockUsage(accountId);
      const counted = { blobs: await repo.countBlobs(accountId), ...(await breakdownOf(trx, accountId)) };
      const differs = (Object.keys(counted) as UsageBucket[]).some((bucket) => before[bucket] !== counted[bucket]);
      if (differs) {
        drifted += 1;
        deps.log.warn({ accountId, before, counted }, 'storage usage had drifted; recounted');
      }
      await repo.setUsage(accountId, counted, now);
    });
  }
  return drifted;
}
