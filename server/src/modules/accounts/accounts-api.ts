import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionKind } from './accounts.tables.js';
import { recordSecurityEvent } from './security-events.js';
import { requestContext, requireSession } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

/** Who is calling: the account, and the session (browser or device) the request came with. */
export interface Caller {
  accountId: string;
  sessionId: string;
  kind: SessionKind;
}

/** What other modules may ask of accounts; they never read its tables. */
export interface AccountsApi {
  /** The caller of a request, or 401; a cookie-authenticated change without its CSRF token is 403. */
  authenticate(request: FastifyRequest): Promise<Caller>;
  /** Ends a session of the account (a removed device), recorded in its security activity. */
  endSession(accountId: string, sessionId: string, request: FastifyRequest): Promise<void>;
  /** Whether a session is still signed in (not revoked, not expired). */
  isLive(sessionId: string): Promise<boolean>;
  /**
   * Authenticates every request of a plugin as it arrives, before its body is read (a stranger's
   * 4 MB push is refused unread); handlers then take the caller from the function it returns.
   */
  guard(app: FastifyInstance): (request: FastifyRequest) => Caller;
}

export function accountsApi(signIn: SignInService): AccountsApi {
  const { sessions, clock, repo } = signIn.deps;
  return {
    async authenticate(request) {
      const session = await requireSession(request, signIn);
      return { accountId: session.account_id, sessionId: session.id, kind: session.kind };
    },
    guard(app) {
      const callers = new WeakMap<FastifyRequest, Caller>();
      app.addHook('onRequest', async (request) => {
        callers.set(request, await this.authenticate(request));
      });
      return (request) => {
        const caller = callers.get(request);
        if (caller === undefined) throw new Error('guard(app) was not installed on this route’s plugin');
        return caller;
      };
    },
    async isLive(sessionId) {
      const session = await sessions.getSession(sessionId);
      return session?.revoked_at === null && session.expires_at > clock.now();
    },
    async endSession(accountId, sessionId, request) {
      const now = clock.now();
      if (await sessions.revoke(accountId, sessionId, now)) {
        await recordSecurityEvent(repo, accountId, 'session_revoked', requestContext(request), now);
      }
    },
  };
}
