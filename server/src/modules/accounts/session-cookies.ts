import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../core/crypto.js';
import { AppError, unauthorized } from '../../core/http/errors.js';
import { DAY, SECOND } from '../../core/time.js';
import type { RequestContext } from './accounts.deps.js';
import type { SessionRow } from './sessions.repo.js';
import { SESSION_TTL_MS, type OpenedSession, type SignInService } from './sign-in.service.js';

export const SESSION_COOKIE = 'nimbus_session';
export const BROWSER_COOKIE = 'nimbus_browser';
const BROWSER_TTL_SECONDS = (365 * DAY) / SECOND;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie flags: never readable by scripts, not sent on cross-site subrequests, HTTPS-only in production. */
function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeSeconds };
}

export function setSessionCookies(reply: FastifyReply, opened: OpenedSession, secure: boolean): void {
  // A device gets its tokens in the answer, never cookies.
  if (opened.sessionToken === '') return;
  void reply.setCookie(SESSION_COOKIE, opened.sessionToken, cookieOptions(secure, SESSION_TTL_MS / 1000));
  if (opened.browserToken !== '') {
    void reply.setCookie(BROWSER_COOKIE, opened.browserToken, cookieOptions(secure, BROWSER_TTL_SECONDS));
  }
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(secure, 0));
}

export function requestContext(request: FastifyRequest): RequestContext {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

/**
 * The signed-in session of a request, or 401. A change (any method but GET/HEAD/OPTIONS) must
 * also carry the session's CSRF token in x-csrf-token: a cross-site page can make the browser
 * send the cookie, but cannot read the token.
 */
export async function requireSession(request: FastifyRequest, signIn: SignInService): Promise<SessionRow> {
  // A device's Bearer token is sent on purpose by its own code, never by a browser on its own:
  // no CSRF token is needed with it.
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer ([\w-]{20,100})$/.exec(authorization)?.[1];
    const deviceSession = bearer === undefined ? undefined : await signIn.devices.resolveAccess(bearer);
    if (deviceSession === undefined) throw unauthorized('This access token is not valid or has expired.');
    return deviceSession;
  }
  const token = request.cookies[SESSION_COOKIE];
  const session = token === undefined ? undefined : await signIn.resolveSession(token);
  if (session === undefined) throw unauthorized('Sign in first.');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !constantTimeEqual(sent, signIn.csrfToken(session.id))) {
      throw new AppError(
        'csrf_failed',
        'This request did not come from the Nimbus portal. Reload the page and try again.',
      );
    }
  }
  return session;
}
