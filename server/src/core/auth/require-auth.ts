import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Authenticator } from './authenticator.js';
import { requireDevice, type AuthVia, type Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where modules register their authentication strategies (see core/auth). */
    authenticator: Authenticator;
  }
  interface FastifyRequest {
    /** Set by requireAuth before the body is read; null on routes open to anyone. */
    principal: Principal | null;
  }
}

export interface AuthRequirement {
  /** The kinds of credentials this route accepts. */
  via: readonly AuthVia[];
  /** Only a registered device (not one that signed in and has yet to register): not_a_device otherwise. */
  registeredDevice?: boolean;
}

/**
 * The onRequest hook by which a route (or a plugin, for all its routes) declares who may call it.
 * It runs before the body is read: a stranger's 4 MB push is refused unread, and an anonymous
 * request with a bad body gets 401, not 400.
 */
export function requireAuth(requirement: AuthRequirement): onRequestAsyncHookHandler {
  return async (request) => {
    const principal = await request.server.authenticator.authenticate(request, requirement.via);
    if (requirement.registeredDevice === true) requireDevice(principal);
    request.principal = principal;
  };
}

/** The principal requireAuth attached to the request; calling it on an open route is a bug. */
export function principalOf(request: FastifyRequest): Principal {
  const { principal } = request;
  if (principal === null) throw new Error(`${request.method} ${request.routeOptions.url ?? ''} has no requireAuth`);
  return principal;
}
