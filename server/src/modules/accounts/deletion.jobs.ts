import { resolveLocale } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { transact } from '../../core/db/transact.js';
import type { JobRunner } from '../../core/jobs/index.js';
import { MINUTE } from '../../core/time.js';
import { OutboxRepo } from '../../core/messages/index.js';
import type { AccountsDeps } from './accounts.deps.js';
import { AccountsRepo } from './accounts.repo.js';
import { notifyOwner } from './deletion.service.js';

export const PURGE_DELETED_ACCOUNTS = 'accounts.purge-deleted';
/** Hourly: an account goes at most an hour after its grace period ends. */
export const PURGE_DELETED_ACCOUNTS_CRON = '53 * * * *';
const BATCH = 100;

export type PurgeDeps = Pick<AccountsDeps, 'db' | 'repo' | 'clock' | 'outbound' | 'config' | 'purgeAccountBlobs'>;

/** Defines the purge of accounts whose grace period has ended, and runs it every hour. */
export async function schedulePurgeDeletedAccounts(runner: JobRunner, deps: PurgeDeps): Promise<void> {
  runner.define({
    name: PURGE_DELETED_ACCOUNTS,
    queue: 'maintenance',
    timeoutMs: 15 * MINUTE,
    async run(_payload, context) {
      const { purged, failed } = await purgeDueAccounts(deps, context.signal, context.log);
      if (purged > 0) context.log.info({ purged }, 'purged deleted accounts');
      // Failed: marked for a retry; the others are gone already, and the next hour tries again anyway.
      if (failed > 0) throw new Error(`${failed} deleted accounts could not be purged`);
    },
  });
  await runner.schedule(PURGE_DELETED_ACCOUNTS, PURGE_DELETED_ACCOUNTS_CRON);
}

/** Purges every account whose grace period has ended, in batches, until none is left or none moves. */
export async function purgeDueAccounts(
  deps: PurgeDeps,
  signal: AbortSignal,
  log: FastifyBaseLogger,
): Promise<{ purged: number; failed: number }> {
  const now = deps.clock.now();
  let purged = 0;
  let failed = 0;
  for (;;) {
    const due = await deps.repo.listDueForPurge(now, BATCH);
    let progress = 0;
    for (const accountId of due) {
      if (signal.aborted) return { purged, failed };
      try {
        if (await purgeAccount(deps, accountId, now)) progress++;
      } catch (error) {
        failed++;
        log.error({ err: error, accountId }, 'could not purge a deleted account; it stays for the next run');
      }
    }
    purged += progress;
    // A batch that purged nothing is all failures: retrying them at once would only fail again.
    if (due.length < BATCH || progress === 0) return { purged, failed };
  }
}

/**
 * Removes an account for good: first what it keeps outside the database (blob hooks), then, in
 * one transaction, its row (every table of the account cascades from accounts.id: identifiers,
 * verifications, sessions and their tokens, remembered browsers, security events), the outbox
 * messages to its addresses, and the final mail, queued. Its e-mail and phone are free again the
 * moment it commits. False when the account is not due (cancelled, or purged by another worker).
 */
export async function purgeAccount(deps: PurgeDeps, accountId: string, now: number): Promise<boolean> {
  const { repo, outbound, config } = deps;
  const account = await repo.getAccount(accountId);
  if (account?.status !== 'deleting' || account.deletion_due_at === null || account.deletion_due_at > now) {
    return false;
  }
  // Everything the final mail needs is read before the row goes.
  const identifiers = await repo.listIdentifiers(accountId);
  const locale = resolveLocale(account.locale);
  // Past its due time no deletion can be cancelled (AccountsRepo.cancelDeletion), so removing the
  // blobs before the row cannot strand an account that lives on. A failure leaves the row, and the
  // next run calls the hooks again.
  for (const purgeBlobs of deps.purgeAccountBlobs ?? []) await purgeBlobs(accountId);
  try {
    await transact(deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      // Rendered and queued first; the job exists only if the account's deletion commits with it.
      await notifyOwner(outbound, identifiers, locale, trx, 'account_deleted', {
        link: `${config.publicUrl}/register`,
      });
      // The outbox is where mail and SMS land when no SMTP server or SMS gateway is configured:
      // operator-side development data, but it holds the account's codes and addresses, so it goes
      // too. (The final mail lands there afterwards in such a setup; with real delivery it leaves.)
      await new OutboxRepo(trx).deleteTo(identifiers.map((identifier) => identifier.value));
      if (!(await repo.deleteDueAccount(accountId, now))) throw new NotDue();
    });
  } catch (error) {
    if (error instanceof NotDue) return false;
    throw error;
  }
  return true;
}

/** Rolls the purge's transaction back when the account turned out not to be due any more. */
class NotDue extends Error {}
