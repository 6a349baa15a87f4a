import type { DeviceTokens } from '@nimbus/protocol';
import { hashToken, randomToken } from '../../core/crypto.js';
import { AppError, unauthorized } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { DAY, MINUTE } from '../../core/time.js';
import type { AccountsDeps } from './accounts.deps.js';
import { recordSecurityEvent } from './security-events.js';
import type { SessionRow, SessionsRepo } from './sessions.repo.js';

export const ACCESS_TTL_MS = 15 * MINUTE;
/** A device that does not refresh for this long must sign in again (each refresh moves it; see REMEMBERED_TTL_MS). */
export const DEVICE_SESSION_TTL_MS = 90 * DAY;

/**
 * Tokens of devices: a 15-minute access token and a single-use refresh token. Presenting a refresh
 * token a second time means two parties hold it; the session (its whole token family) ends.
 */
export class DeviceTokenService {
  constructor(private readonly deps: Pick<AccountsDeps, 'sessions' | 'clock' | 'repo'>) {}

  /**
   * New tokens for a device session. The caller stores the session row with `accessHash` first,
   * then calls `commit()` to store the refresh token that references it (same transaction).
   */
  issueFor(sessions: SessionsRepo, sessionId: string, now: number) {
    const accessToken = randomToken();
    const refreshToken = randomToken();
    return Promise.resolve({
      accessHash: hashToken(accessToken),
      tokens: { accessToken, refreshToken, accessExpiresIn: ACCESS_TTL_MS / 1000 },
      commit: () =>
        sessions.insertRefreshToken({
          id: newId(),
          session_id: sessionId,
          token_hash: hashToken(refreshToken),
          created_at: now,
          used_at: null,
          expires_at: now + DEVICE_SESSION_TTL_MS,
        }),
    });
  }

  /** Swaps a refresh token for new tokens; a reused one revokes its session and answers token_reused. */
  async refresh(
    refreshToken: string,
    context: { ip: string; userAgent: string | null },
  ): Promise<Omit<DeviceTokens, 'deviceToken'>> {
    const { sessions, clock, repo } = this.deps;
    const now = clock.now();
    const stored = await sessions.findRefreshToken(hashToken(refreshToken));
    const session = stored === undefined ? undefined : await sessions.getSession(stored.session_id);
    if (stored === undefined || session?.revoked_at !== null || stored.expires_at <= now) {
      throw unauthorized('This refresh token is not valid. Sign in again.');
    }
    if (stored.used_at !== null || !(await sessions.useRefreshToken(stored.id, now))) {
      await sessions.revoke(session.account_id, session.id, now);
      await recordSecurityEvent(repo, session.account_id, 'refresh_token_reused', context, now);
      throw new AppError(
        'token_reused',
        'This refresh token was used before, so this sign-in was ended to be safe. Sign in again.',
      );
    }
    const next = await this.issueFor(sessions, session.id, now);
    await sessions.rotateAccess(session.id, next.accessHash, now, now + ACCESS_TTL_MS, now + DEVICE_SESSION_TTL_MS);
    await next.commit();
    if (session.trusted_browser_id !== null) await sessions.touchTrust(session.trusted_browser_id, now);
    return next.tokens;
  }

  resolveAccess(accessToken: string): Promise<SessionRow | undefined> {
    return this.deps.sessions.findLiveAccess(hashToken(accessToken), this.deps.clock.now());
  }
}
