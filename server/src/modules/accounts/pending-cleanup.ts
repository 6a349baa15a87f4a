import type { Clock } from '../../core/time.js';
import type { JobRunner } from '../../core/jobs/index.js';
import { DAY } from '../../core/time.js';
import type { AccountsRepo } from './accounts.repo.js';

export const PURGE_PENDING_ACCOUNTS = 'accounts.purge-pending';
/**
 * An account never activated is removed after a week (its link lived a day; a week leaves time to
 * ask for another), so an address typed by mistake or by someone else is free again.
 */
export const KEEP_PENDING_MS = 7 * DAY;

export async function schedulePendingCleanup(
  runner: JobRunner,
  deps: { repo: AccountsRepo; clock: Clock },
): Promise<void> {
  runner.define({
    name: PURGE_PENDING_ACCOUNTS,
    queue: 'maintenance',
    async run(_payload, context) {
      const removed = await deps.repo.deleteStalePending(deps.clock.now() - KEEP_PENDING_MS);
      if (removed > 0) context.log.info({ removed }, 'removed accounts never activated');
    },
  });
  await runner.schedule(PURGE_PENDING_ACCOUNTS, '23 4 * * *');
}
