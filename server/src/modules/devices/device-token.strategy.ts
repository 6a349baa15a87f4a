import { type AuthStrategy, type Scope } from '../../core/auth/index.js';
import { unauthorized } from '../../core/errors.js';
import { MINUTE, type Clock } from '../../core/time.js';
import type { AccountsApi } from '../accounts/index.js';
import type { DevicesRepo } from './devices.repo.js';

/** A device syncs, uploads and obeys commands; managing the account needs the portal. */
const DEVICE_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['records', 'media', 'device']);
const BEARER = /^Bearer ([\w-]{20,100})$/;

export interface DeviceTokenStrategyDeps {
  accounts: AccountsApi;
  repo: DevicesRepo;
  clock: Clock;
}

/**
 * A device's way in: its short-lived access token as a Bearer token. The registered device behind
 * it is looked up here, once per request (and its "last seen" moved at most once a minute), so no
 * route or service looks it up again. No CSRF token is needed: a browser never sends this header
 * on its own.
 */
export function deviceTokenStrategy({ accounts, repo, clock }: DeviceTokenStrategyDeps): AuthStrategy {
  return {
    via: 'device',
    claims: (request) => request.headers.authorization?.startsWith('Bearer ') === true,
    async authenticate(request) {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      const session = token === undefined ? null : await accounts.resolveAccessToken(token);
      if (session === null) throw unauthorized('This access token is not valid or has expired.');
      const row = await repo.findBySession(session.sessionId);
      const now = clock.now();
      if (row !== undefined && now - row.last_seen_at > MINUTE) await repo.touch(row.id, now);
      return {
        accountId: session.accountId,
        sessionId: session.sessionId,
        via: 'device',
        device: row === undefined ? null : { id: row.id, accountId: row.account_id, sessionId: session.sessionId },
        scopes: DEVICE_SCOPES,
      };
    },
  };
}
