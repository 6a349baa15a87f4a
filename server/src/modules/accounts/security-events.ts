import { newId } from '../../core/ids.js';
import type { AccountsRepo } from './accounts.repo.js';
import type { SecurityEventType } from './accounts.tables.js';
import type { RequestContext } from './accounts.deps.js';

/** Records what the owner may want to review in "Security activity": never a secret in details. */
export async function recordSecurityEvent(
  repo: AccountsRepo,
  accountId: string,
  type: SecurityEventType,
  context: RequestContext,
  now: number,
  details?: Record<string, string | number | boolean>,
): Promise<void> {
  await repo.insertSecurityEvent({
    id: newId(),
    account_id: accountId,
    type,
    ip: context.ip,
    user_agent: context.userAgent,
    details: details === undefined ? null : JSON.stringify(details),
    created_at: now,
  });
}
