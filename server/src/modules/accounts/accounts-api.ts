import type { FastifyRequest } from 'fastify';
import { transact } from '../../core/db/transact.js';
import { recordSecurityEvent } from './security-events.js';
import { SessionsRepo } from './sessions.repo.js';
import { requestContext } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

/** A device's signed-in session, as its access token names it. */
export interface DeviceSession {
  accountId: string;
  sessionId: string;
}

/** What other modules may ask of accounts; they never read its tables. */
export interface AccountsApi {
  /** The live device session an access token belongs to, or null (unknown, expired, revoked). */
  resolveAccessToken(accessToken: string): Promise<DeviceSession | null>;
  /**
   * Ends a session of the account (a removed device) and forgets the trust it came in with,
   * recorded in its security activity.
   */
  endSession(accountId: string, sessionId: string, request: FastifyRequest): Promise<void>;
  /** Whether a session is still signed in (not revoked, not expired). */
  isLive(sessionId: string): Promise<boolean>;
}

export function accountsApi(signIn: SignInService): AccountsApi {
  const { sessions, clock, repo } = signIn.deps;
  return {
    async resolveAccessToken(accessToken) {
      const session = await signIn.devices.resolveAccess(accessToken);
      return session === undefined ? null : { accountId: session.account_id, sessionId: session.id };
    },
    async isLive(sessionId) {
      const session = await sessions.getSession(sessionId);
      return session?.revoked_at === null && session.expires_at > clock.now();
    },
    async endSession(accountId, sessionId, request) {
      const now = clock.now();
      const revoked = await transact(signIn.deps.db, async (trx) => {
        const inTrx = new SessionsRepo(trx);
        const ended = await inTrx.revoke(accountId, sessionId, now);
        // Its tokens die with the session; its trust goes too, so signing in again asks for the code.
        await inTrx.forgetTrustOfSession(accountId, sessionId);
        return ended;
      });
      if (revoked) await recordSecurityEvent(repo, accountId, 'session_revoked', requestContext(request), now);
    },
  };
}
