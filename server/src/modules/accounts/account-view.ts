import { resolveLocale, type Account } from '@nimbus/protocol';
import type { AccountRow, IdentifierRow } from './accounts.repo.js';

/** The account as the API shows it to its owner. */
export function presentAccount(account: AccountRow, identifiers: IdentifierRow[]): Account {
  return {
    id: account.id,
    number: account.number,
    status: account.status === 'deleting' ? 'deleting' : 'active',
    displayName: account.display_name,
    region: account.region,
    locale: resolveLocale(account.locale),
    birthDate: account.birth_date,
    marketingOptIn: account.marketing_opt_in === 1,
    identifiers: identifiers.map((identifier) => ({
      kind: identifier.kind,
      value: identifier.value,
      verified: identifier.verified_at !== null,
    })),
    createdAt: new Date(account.created_at).toISOString(),
    deletionDueAt:
      account.status === 'deleting' && account.deletion_due_at !== null
        ? new Date(account.deletion_due_at).toISOString()
        : null,
  };
}
