import type { Account, SessionInfo } from '@nimbus/protocol';
import { ACCOUNT_QUERY_KEY, queryClient, SESSION_QUERY_KEY } from '../query-client';

/**
 * Puts the account a change answered with into the session, so every page shows it at once, and
 * marks what was read about the account before the change (its security activity, for one) as
 * out of date. Those are read again when next shown, not at once: the page that made the change
 * may be about to leave the step that uses them.
 */
export function storeAccount(account: Account): void {
  queryClient.setQueryData<SessionInfo | null>(SESSION_QUERY_KEY, (info) =>
    info === null || info === undefined ? info : { ...info, account },
  );
  void queryClient.invalidateQueries({ queryKey: ACCOUNT_QUERY_KEY, refetchType: 'none' });
}
