import { AppError, forbidden } from '../errors.js';

/** How a request proved who it is. */
export type AuthVia = 'web' | 'device' | 'app_password' | 'oauth';

/**
 * What a principal may reach. A web session reaches everything; a device syncs, uploads and obeys
 * commands but does not manage the account; app passwords and OAuth clients get what they were
 * granted.
 */
export type Scope = 'account' | 'records' | 'media' | 'device';

export const ALL_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['account', 'records', 'media', 'device']);

/** The registered device behind a device token, resolved once per request. */
export interface PrincipalDevice {
  readonly id: string;
  readonly accountId: string;
  /** The device's sign-in, which a removal or a password change ends. */
  readonly sessionId: string;
}

/** Who is calling: made once per request by the authenticator, then read by routes and services. */
export interface Principal {
  readonly accountId: string;
  /** The session the credentials belong to (a browser's, a device's). */
  readonly sessionId: string;
  readonly via: AuthVia;
  /** The registered device of a device token; null for the portal and for a device not registered yet. */
  readonly device: PrincipalDevice | null;
  readonly scopes: ReadonlySet<Scope>;
}

/** Refuses a principal without `scope`: the one-line access check services make. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (principal.scopes.has(scope)) return;
  throw scope === 'account'
    ? new AppError(
        'portal_only',
        'Manage the account in the Nimbus portal: a device or an app password cannot do this.',
      )
    : forbidden('These credentials do not reach this part of the account.');
}

/** The registered device making the request, or not_a_device (a device must register before it syncs). */
export function requireDevice(principal: Principal): PrincipalDevice {
  if (principal.device !== null) return principal.device;
  throw new AppError('not_a_device', 'This device is not registered. Register it with POST /api/v1/devices first.');
}
