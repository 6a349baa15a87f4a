import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SECOND } from '../../core/time.js';
import type { RequestContext } from './accounts.deps.js';
import { REMEMBERED_TTL_MS } from './sessions.repo.js';
import { SESSION_TTL_MS, type OpenedSession } from './sign-in.service.js';

export const SESSION_COOKIE = 'nimbus_session';
export const BROWSER_COOKIE = 'nimbus_browser';
// The cookie lives as long as the server remembers an unused browser; each trusted sign-in renews both.
const BROWSER_TTL_SECONDS = REMEMBERED_TTL_MS / SECOND;

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
