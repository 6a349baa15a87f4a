import { TOMBSTONE_DAYS } from '@nimbus/protocol';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import type { JobRunner } from '../../core/jobs/index.js';
import { SyncRepo } from './sync.repo.js';
import { DAY } from '../../core/time.js';

export const PRUNE_TOMBSTONES = 'sync.prune-tombstones';
/** Deletions are remembered this long: a device offline for less learns of each one. */
export const TOMBSTONE_MS = TOMBSTONE_DAYS * DAY;

/**
 * Forgets deletions older than the tombstone period (their content left the recycle bin with them),
 * and push receipts as old: nobody retries a push after a month.
 */
export async function pruneTombstones(db: Db, now: number): Promise<number> {
  const repo = new SyncRepo(db);
  const cutoff = now - TOMBSTONE_MS;
  let removed = 0;
  for (const accountId of await repo.accountsWithTombstonesBefore(cutoff)) {
    removed += await transact(db, async (trx) => {
      const inTrx = new SyncRepo(trx);
      const { prunedThrough } = await inTrx.lockSequence(accountId);
      return inTrx.pruneTombstones(accountId, cutoff, prunedThrough);
    });
  }
  await repo.deleteReceiptsBefore(cutoff);
  return removed;
}

export async function schedulePruneTombstones(runner: JobRunner, deps: { db: Db; clock: Clock }): Promise<void> {
  runner.define({
    name: PRUNE_TOMBSTONES,
    queue: 'maintenance',
    async run(_payload, context) {
      const removed = await pruneTombstones(deps.db, deps.clock.now());
      if (removed > 0) context.log.info({ removed }, 'pruned old tombstones');
    },
  });
  await runner.schedule(PRUNE_TOMBSTONES, '41 3 * * *');
}
