import { type AuthStrategy, type PrincipalDevice, type Scope } from '../../core/auth/index.js';
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
 * it is resolved here (looked up once per session, see RegisteredDevices, and its "last seen" moved
 * at most once a minute), so no route or service looks it up again. No CSRF token is needed: a browser never sends this header
 * on its own.
 */
export function deviceTokenStrategy({ accounts, repo, clock }: DeviceTokenStrategyDeps): AuthStrategy {
  const registered = new RegisteredDevices();
  return {
    via: 'device',
    claims: (request) => request.headers.authorization?.startsWith('Bearer ') === true,
    async authenticate(request) {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      // Asked of the database on every request: a revoked session is refused at once, whichever
      // server process revoked it.
      const session = token === undefined ? null : await accounts.resolveAccessToken(token);
      if (session === null) throw unauthorized('This access token is not valid or has expired.');
      let device = registered.get(session.sessionId);
      if (device === undefined) {
        const row = await repo.findBySession(session.sessionId);
        if (row !== undefined) {
          device = { id: row.id, accountId: row.account_id, sessionId: session.sessionId, seenAt: row.last_seen_at };
          registered.set(device);
        }
      }
      const now = clock.now();
      if (device !== undefined && now - device.seenAt > MINUTE) {
        device.seenAt = now;
        await repo.touch(device.id, now);
      }
      return {
        accountId: session.accountId,
        sessionId: session.sessionId,
        via: 'device',
        device:
          device === undefined ? null : { id: device.id, accountId: device.accountId, sessionId: device.sessionId },
        scopes: DEVICE_SCOPES,
      };
    },
  };
}

interface RegisteredDevice extends PrincipalDevice {
  /** When this process last moved the device's "last seen". */
  seenAt: number;
}

/** Sessions whose devices this process has looked up, the most recently used kept. */
const REGISTERED_DEVICES_KEPT = 10_000;

/**
 * The registered device of each live device session, as found once. Safe to keep: a session's
 * device never changes while the session lives (registering again updates the same row), and a
 * device is removed only after its session is ended, which the check of the session on every
 * request sees. A session with no device yet is not kept: it may register at any moment.
 */
class RegisteredDevices {
  private readonly bySession = new Map<string, RegisteredDevice>();

  get(sessionId: string): RegisteredDevice | undefined {
    const device = this.bySession.get(sessionId);
    if (device !== undefined) {
      this.bySession.delete(sessionId);
      this.bySession.set(sessionId, device);
    }
    return device;
  }

  set(device: RegisteredDevice): void {
    this.bySession.set(device.sessionId, device);
    if (this.bySession.size <= REGISTERED_DEVICES_KEPT) return;
    for (const oldest of this.bySession.keys()) {
      this.bySession.delete(oldest);
      return;
    }
  }
}
