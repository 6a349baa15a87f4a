import { requireScope, type Principal } from '../../core/auth/index.js';
import type { CodeDestination, DeviceTokens, SessionInfo, SignInRequest, SignInResult } from '@nimbus/protocol';
import { hashToken, hmacHex, randomToken } from '../../core/crypto.js';
import { AppError, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from '../../core/passwords/index.js';
import { describeUserAgent } from './account-rules.js';
import { presentAccount } from './account-view.js';
import { DAY, MINUTE } from '../../core/time.js';
import { announceSessionsEnded, type AccountsDeps, type RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow, type IdentifierRow } from './accounts.repo.js';
import { classifyLogin, maskEmail, maskPhone } from './identifiers.js';
import { ACCESS_TTL_MS, DEVICE_SESSION_TTL_MS, DeviceTokenService } from './device-tokens.js';
import { recordSecurityEvent } from './security-events.js';
import { SessionsRepo, type SessionRow } from './sessions.repo.js';
import { issueCode, redeemCode, reissueCode } from './verifications.js';
import { captchaFailed } from './accounts.errors.js';
import { transact } from '../../core/db/transact.js';
import { clientKey } from '../../core/net.js';
import { ALERT_AFTER_FAILURES, type FailingClient, SignInGuards } from './sign-in-guards.js';
import { SignInGuardsRepo } from './sign-in-guards.repo.js';

export const SESSION_TTL_MS = 30 * DAY;
export const CODE_TTL_MS = 10 * MINUTE;
const SIGN_IN_PER_IP = { points: 50, seconds: 15 * 60 };
const CODE_COOLDOWN = { points: 1, seconds: 60 };
const CODE_HOURLY = { points: 5, seconds: 3600 };

export interface OpenedSession {
  info: SessionInfo;
  sessionToken: string;
  /** Set when this browser was just verified: the cookie that remembers it. */
  browserToken: string;
}

/** Who signs in: a browser (cookie) or a device (tokens), and the device's name for "Sessions and devices". */
export interface ClientInfo {
  kind: 'web' | 'device';
  deviceName: string | null;
}

type SignInOutcome =
  | { kind: 'signed_in'; session: OpenedSession }
  | { kind: 'verification_required'; result: Extract<SignInResult, { status: 'verification_required' }> };

/** Signing in with a password, verifying new browsers with a code, and web sessions. */
export class SignInService {
  readonly devices: DeviceTokenService;
  readonly guards: SignInGuards;

  constructor(readonly deps: AccountsDeps) {
    this.devices = new DeviceTokenService(deps);
    this.guards = new SignInGuards(deps);
  }

  /**
   * Checks the password. A browser this account has verified before is signed in at once; any
   * other gets a 6-digit code at a verified e-mail or phone first. Unknown logins and wrong
   * passwords get the same answer (status, body, captcha) in the same time: failures are counted
   * per client and login as typed, never per account, and there is no account lock for a stranger
   * to aim at the owner.
   */
  async signIn(
    request: SignInRequest,
    browserToken: string | undefined,
    context: RequestContext,
  ): Promise<SignInOutcome> {
    const client: ClientInfo = { kind: request.client ?? 'web', deviceName: request.deviceName ?? null };
    const rememberedBy = client.kind === 'device' ? request.deviceToken : browserToken;
    const { repo, clock, limits, sessions } = this.deps;
    const now = clock.now();
    const found = await this.findAccount(request.login);
    const account =
      found === undefined || found.password_hash === null || found.status === 'pending' ? undefined : found;
    // Asked the same way for an unknown login (no account id matches ''), so it takes the same time.
    const trusted =
      rememberedBy !== undefined && (await sessions.isTrustedBrowser(account?.id ?? '', hashToken(rememberedBy), now));
    // IPv4 by address, IPv6 by its /64 (see clientKey).
    const failing: FailingClient = trusted ? { trustedToken: hashToken(rememberedBy) } : { ip: clientKey(context.ip) };
    if (!trusted) await limits.consume('sign-in:ip', SIGN_IN_PER_IP, clientKey(context.ip));
    const loginKey = SignInGuards.loginKey(request.login);
    const { captchaRequired } = await this.guards.beforeCheck(loginKey, failing);
    if (captchaRequired && !(await this.deps.captcha.verify(request.captcha))) throw captchaFailed();

    const passwordHash = account?.password_hash ?? null;
    const right =
      account !== undefined && passwordHash !== null
        ? await verifyPassword(passwordHash, request.password)
        : await dummyVerify(request.password);
    if (!right || account === undefined || passwordHash === null) {
      const nextNeedsCaptcha = await this.guards.failed(loginKey, failing);
      await this.recordFailure(loginKey, account, context);
      throw invalidCredentials(nextNeedsCaptcha);
    }
    await this.guards.succeeded(loginKey, failing);
    const rehash = needsRehash(passwordHash);
    // Only when there is something to clear or a stronger hash to store: a write waits for the disk.
    if (account.failed_sign_ins !== 0 || account.locked_until !== null || rehash) {
      await repo.updateAccount(account.id, {
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: now,
        ...(rehash ? { password_hash: await hashPassword(request.password) } : {}),
      });
    }
    if (trusted) {
      const session = await this.openSession(account.id, context, {
        trustBrowser: false,
        browserToken: rememberedBy,
        client,
      });
      return { kind: 'signed_in', session };
    }
    return { kind: 'verification_required', result: await this.startVerification(account, context, client) };
  }

  /** The second step on a new browser: the right code opens the session and remembers the browser. */
  async verifyNewDevice(challengeId: string, code: string, context: RequestContext): Promise<OpenedSession> {
    const { repo, clock, secret } = this.deps;
    const verification = await repo.getVerification(challengeId);
    if (verification?.purpose !== 'new_device') throw notFound('This sign-in has ended. Sign in again.');
    const now = clock.now();
    await redeemCode(repo, secret, verification, code, now, this.guards.wrongCodes(verification.account_id, now));
    await recordSecurityEvent(repo, verification.account_id, 'new_device_verified', context, clock.now(), {
      channel: verification.channel,
    });
    const data = JSON.parse(verification.data ?? '{}') as { client?: 'web' | 'device'; deviceName?: string };
    const client: ClientInfo = { kind: data.client ?? 'web', deviceName: data.deviceName ?? null };
    return this.openSession(verification.account_id, context, { trustBrowser: true, client });
  }

  /** "Resend code", to the same or another verified destination, at most once a minute. */
  async resendCode(challengeId: string, destinationId: string) {
    const { repo, clock, secret, limits } = this.deps;
    const verification = await repo.getVerification(challengeId);
    if (verification?.purpose !== 'new_device' || verification.consumed_at !== null) {
      throw notFound('This sign-in has ended. Sign in again.');
    }
    const destination = (await this.destinations(verification.account_id)).find((item) => item.id === destinationId);
    if (destination === undefined) throw notFound('There is no such destination for this code.');
    await limits.consume('code:cooldown', CODE_COOLDOWN, verification.account_id);
    await limits.consume('code:hourly', CODE_HOURLY, verification.account_id);
    const now = clock.now();
    await this.guards.codeSent(verification.account_id, now);
    const code = await reissueCode(repo, secret, verification, {
      channel: destination.row.kind,
      target: destination.row.value,
      expiresAt: now + CODE_TTL_MS,
      now,
    });
    const account = await repo.getAccount(verification.account_id);
    await this.sendCode(destination.row, code, account?.locale ?? 'en');
    return { sentTo: destination.id, resendAfterSeconds: CODE_COOLDOWN.seconds };
  }

  /** A new web session for the account, and (optionally) a remembered browser. */
  async openSession(
    accountId: string,
    context: RequestContext,
    options: { trustBrowser: boolean; browserToken?: string; client?: ClientInfo },
  ): Promise<OpenedSession> {
    const { clock } = this.deps;
    const now = clock.now();
    const client = options.client ?? { kind: 'web', deviceName: null };
    const sessionToken = randomToken();
    const sessionId = newId();
    let browserToken = options.browserToken ?? '';
    let tokens: Omit<DeviceTokens, 'deviceToken'> | undefined;
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      const sessionsInTrx = new SessionsRepo(trx);
      // A device's session row is keyed by its current access token; a browser's by its cookie.
      const deviceTokens =
        client.kind === 'device' ? await this.devices.issueFor(sessionsInTrx, sessionId, now) : undefined;
      // The session notes the trust it came in with (or is given now): revoking it forgets that trust.
      const trustedBrowserId = options.trustBrowser
        ? newId()
        : browserToken === ''
          ? null
          : await sessionsInTrx.trustedBrowserId(accountId, hashToken(browserToken));
      await sessionsInTrx.insert({
        id: sessionId,
        account_id: accountId,
        kind: client.kind,
        token_hash: deviceTokens?.accessHash ?? hashToken(sessionToken),
        user_agent: (client.deviceName ?? context.userAgent)?.slice(0, 512) ?? null,
        ip: context.ip,
        created_at: now,
        last_used_at: now,
        expires_at: now + (client.kind === 'device' ? DEVICE_SESSION_TTL_MS : SESSION_TTL_MS),
        revoked_at: null,
        access_expires_at: client.kind === 'device' ? now + ACCESS_TTL_MS : null,
        trusted_browser_id: trustedBrowserId,
      });
      if (deviceTokens !== undefined) {
        await deviceTokens.commit();
        tokens = deviceTokens.tokens;
      }
      if (options.trustBrowser && trustedBrowserId !== null) {
        browserToken = randomToken();
        await sessionsInTrx.insertTrustedBrowser({
          id: trustedBrowserId,
          account_id: accountId,
          token_hash: hashToken(browserToken),
          user_agent: context.userAgent?.slice(0, 512) ?? null,
          created_at: now,
          last_used_at: now,
        });
      }
      await recordSecurityEvent(repo, accountId, 'signed_in', context, now);
    });
    const info = await this.sessionInfo(accountId, sessionId);
    if (tokens === undefined) return { info, sessionToken, browserToken };
    return { info: { ...info, tokens: { ...tokens, deviceToken: browserToken } }, sessionToken: '', browserToken: '' };
  }

  /** The live session a cookie names, touched at most once a minute. */
  async resolveSession(sessionToken: string): Promise<SessionRow | undefined> {
    const { sessions, clock } = this.deps;
    const now = clock.now();
    const session = await sessions.findLive(hashToken(sessionToken), now);
    if (session !== undefined && now - session.last_used_at > MINUTE) await sessions.touch(session.id, now);
    return session;
  }

  async sessionInfo(accountId: string, sessionId: string): Promise<SessionInfo> {
    const { repo } = this.deps;
    const account = await repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    return {
      account: presentAccount(account, await repo.listIdentifiers(accountId)),
      csrfToken: this.csrfToken(sessionId),
    };
  }

  /** The CSRF token of a session: derived, so nothing more is stored, and useless for any other session. */
  csrfToken(sessionId: string): string {
    return hmacHex(this.deps.secret, 'csrf', sessionId);
  }

  /** The account's live sessions: the portal's to see (they show where the owner signs in from). */
  async listSessions(principal: Principal) {
    requireScope(principal, 'account');
    const rows = await this.deps.sessions.listLive(principal.accountId, this.deps.clock.now());
    return rows.map((row) => {
      return {
        id: row.id,
        kind: row.kind,
        current: row.id === principal.sessionId,
        userAgent: row.user_agent,
        ...describeUserAgent(row.user_agent),
        ip: row.ip,
        createdAt: new Date(row.created_at).toISOString(),
        lastUsedAt: new Date(row.last_used_at).toISOString(),
      };
    });
  }

  /**
   * Ends a session. Anyone may sign themselves out; ending another session is the portal's, and
   * forgets the browser or device it came in with, so that it needs the new-device code again.
   */
  async revokeSession(principal: Principal, targetId: string, context: RequestContext): Promise<void> {
    const { clock, repo } = this.deps;
    const own = targetId === principal.sessionId;
    if (!own) requireScope(principal, 'account');
    const now = clock.now();
    const revoked = await transact(this.deps.db, async (trx) => {
      const inTrx = new SessionsRepo(trx);
      // Another account's session id is "not found", never "forbidden": ids are not confirmed to exist.
      if (!(await inTrx.revoke(principal.accountId, targetId, now))) return false;
      if (!own) await inTrx.forgetTrustOfSession(principal.accountId, targetId);
      return true;
    });
    if (!revoked) throw notFound('There is no such session.');
    if (!own) await announceSessionsEnded(this.deps, principal.accountId);
    await recordSecurityEvent(repo, principal.accountId, own ? 'signed_out' : 'session_revoked', context, now);
  }

  /**
   * "Sign out everywhere else": every other session and device token ends, and every remembered
   * browser and device but this browser is forgotten.
   */
  async revokeOtherSessions(
    principal: Principal,
    browserToken: string | undefined,
    context: RequestContext,
  ): Promise<number> {
    requireScope(principal, 'account');
    const { clock, repo } = this.deps;
    const now = clock.now();
    const revoked = await transact(this.deps.db, async (trx) => {
      const inTrx = new SessionsRepo(trx);
      const count = await inTrx.revokeAllBut(principal.accountId, principal.sessionId, now);
      await inTrx.forgetTrustedBrowsers(
        principal.accountId,
        browserToken === undefined ? null : hashToken(browserToken),
      );
      return count;
    });
    await recordSecurityEvent(repo, principal.accountId, 'session_revoked', context, now, { count: revoked });
    await announceSessionsEnded(this.deps, principal.accountId);
    return revoked;
  }

  private async findAccount(login: string): Promise<AccountRow | undefined> {
    const { repo } = this.deps;
    const parsed = classifyLogin(login);
    if (parsed === null) return undefined;
    if (parsed.kind === 'number') return repo.getAccountByNumber(parsed.value);
    const identifier = await repo.findIdentifier(parsed.kind, parsed.value);
    // Looked up for an unknown login too (no account has the id ''): the same queries, the same time.
    const account = await repo.getAccount(identifier?.account_id ?? '');
    // An address nobody has verified yet cannot sign in: it may not belong to whoever typed it.
    if (identifier?.verified_at === null || identifier === undefined) return undefined;
    return account;
  }

  /**
   * Records a wrong password: for the login as typed, whether or not it names an account, and for
   * a real account also in its security events, with a mail to its owner from the tenth in a row
   * (at most once a day). One transaction, so one commit either way: a real account's failure
   * takes no longer to answer than nobody's. Nothing here changes how anyone may sign in.
   */
  private async recordFailure(
    loginKey: string,
    account: AccountRow | undefined,
    context: RequestContext,
  ): Promise<void> {
    const { clock, outbound, config, secret } = this.deps;
    const now = clock.now();
    // Keyed by an HMAC: what people type as a login (an address, a number, a mistyped password)
    // is not kept, and nothing of a deleted account's stays behind.
    const key = hmacHex(secret, 'sign-in-failures', loginKey);
    await transact(this.deps.db, async (trx) => {
      const guards = new SignInGuardsRepo(trx);
      const failures = await guards.recordFailure(key, now);
      if (account === undefined) return;
      const repo = new AccountsRepo(trx);
      await recordSecurityEvent(repo, account.id, 'sign_in_failed', context, now);
      if (failures < ALERT_AFTER_FAILURES || !(await guards.claimAlert(account.id, now))) return;
      const email = (await repo.listIdentifiers(account.id)).find(
        (item) => item.kind === 'email' && item.verified_at !== null,
      );
      if (email === undefined) return;
      await outbound.sendMail({
        to: email.value,
        template: 'sign_in_failures',
        locale: account.locale === 'ru' || account.locale === 'zh' ? account.locale : 'en',
        params: { count: String(failures), link: `${config.publicUrl}/account` },
        db: trx,
      });
    });
  }

  private async startVerification(account: AccountRow, context: RequestContext, client: ClientInfo) {
    const { clock, secret } = this.deps;
    const destinations = await this.destinations(account.id);
    const first = destinations[0];
    if (first === undefined)
      throw new AppError('forbidden', 'This account has no verified e-mail or phone to send a code to.');
    const now = clock.now();
    await this.guards.codeSent(account.id, now);
    // One live code per account: a new sign-in ends the codes sent before, so they cannot pile up to guess at.
    const { id, code } = await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      await repo.consumeOpenVerifications(account.id, 'new_device', now);
      return issueCode(repo, secret, {
        accountId: account.id,
        purpose: 'new_device',
        channel: first.row.kind,
        target: first.row.value,
        ttlMs: CODE_TTL_MS,
        now,
        data: {
          ip: context.ip,
          client: client.kind,
          ...(client.deviceName === null ? {} : { deviceName: client.deviceName }),
        },
      });
    });
    await this.sendCode(first.row, code, account.locale);
    return {
      status: 'verification_required' as const,
      challengeId: id,
      destinations: destinations.map(({ row: _row, ...destination }) => destination),
      sentTo: first.id,
      resendAfterSeconds: CODE_COOLDOWN.seconds,
    };
  }

  private async destinations(accountId: string): Promise<(CodeDestination & { row: IdentifierRow })[]> {
    const identifiers = await this.deps.repo.listIdentifiers(accountId);
    return identifiers
      .filter((row) => row.verified_at !== null)
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        masked: row.kind === 'email' ? maskEmail(row.value) : maskPhone(row.value),
        row,
      }));
  }

  private async sendCode(destination: IdentifierRow, code: string, locale: string): Promise<void> {
    const { outbound } = this.deps;
    const messageLocale = locale === 'ru' || locale === 'zh' ? locale : 'en';
    const params = { code, minutes: String(CODE_TTL_MS / MINUTE) };
    if (destination.kind === 'email') {
      await outbound.sendMail({ to: destination.value, template: 'verification_code', locale: messageLocale, params });
    } else {
      await outbound.sendSms({ to: destination.value, template: 'verification_code', locale: messageLocale, params });
    }
  }
}

function invalidCredentials(captchaRequired: boolean): AppError {
  return new AppError('invalid_credentials', 'The login or password is not right.', { captchaRequired });
}
