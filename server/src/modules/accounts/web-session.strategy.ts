import type {} from '@fastify/cookie';
import { ALL_SCOPES, type AuthStrategy } from '../../core/auth/index.js';
import { constantTimeEqual } from '../../core/crypto.js';
import { AppError, unauthorized } from '../../core/errors.js';
import { SESSION_COOKIE } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The portal's way in: the HttpOnly session cookie. A change (any method but GET/HEAD/OPTIONS)
 * must also carry the session's CSRF token in x-csrf-token: a cross-site page can make the browser
 * send the cookie, but cannot read the token. A request with an Authorization header is a
 * program's, never a browser's on its own: it is not judged by its cookie.
 */
export function webSessionStrategy(signIn: SignInService): AuthStrategy {
  return {
    via: 'web',
    claims: (request) => request.headers.authorization === undefined && request.cookies[SESSION_COOKIE] !== undefined,
    async authenticate(request) {
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
      return { accountId: session.account_id, sessionId: session.id, via: 'web', device: null, scopes: ALL_SCOPES };
    },
  };
}
