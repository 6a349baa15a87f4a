import {
  resolveLocale,
  type CompleteRecoveryRequest,
  type Locale,
  type RecoveryRequestSchema,
  type RecoveryStarted,
} from '@nimbus/protocol';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { hashToken } from '../../core/crypto.js';
import { AppError, badRequest } from '../../core/errors.js';
import { hashPassword, repeatsIdentifier } from '../../core/passwords/index.js';
import type { Limit } from '../../core/rate-limits.js';
import { HOUR, MINUTE } from '../../core/time.js';
import { announceSessionsEnded, type AccountsDeps, type RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow, type IdentifierRow, type VerificationRow } from './accounts.repo.js';
import { SessionsRepo } from './sessions.repo.js';
import { SignInGuardsRepo } from './sign-in-guards.repo.js';
import { classifyLogin, type Login } from './identifiers.js';
import { notifyPasswordChanged, passwordIdentifiers } from './profile.service.js';
import { captchaFailed, weakPassword } from './accounts.errors.js';
import { recordSecurityEvent } from './security-events.js';
import { issueCode, issueLink, MAX_CODE_ATTEMPTS, redeemCode } from './verifications.js';
import { transact } from '../../core/db/transact.js';
import { clientKey } from '../../core/net.js';

type StartRequest = z.output<typeof RecoveryRequestSchema>;

export const RESET_LINK_TTL_MS = HOUR;
/** SMS codes live 10 minutes, as NIST 800-63B allows for SMS (issue 3). */
export const RESET_CODE_TTL_MS = 10 * MINUTE;
/** Asking again for the same login: once a minute, five times an hour, whether or not it has an account. */
export const RECOVERY_COOLDOWN: Limit = { points: 1, seconds: 60 };
const RECOVERY_HOURLY: Limit = { points: 5, seconds: 3600 };
const RECOVERY_PER_IP: Limit = { points: 20, seconds: 3600 };
/** Messages to one account, whichever of its logins was typed. Past it nothing is sent, and nothing said. */
const RECOVERY_PER_ACCOUNT: Limit = { points: 5, seconds: 3600 };
const COMPLETE_PER_IP: Limit = { points: 30, seconds: 15 * 60 };
/** Wrong codes for a recovery that sent none: the fifth answers "burnt", as a real code's fifth does. */
const DECOY_TRIES: Limit = { points: MAX_CODE_ATTEMPTS - 1, seconds: RESET_CODE_TTL_MS / 1000 };
const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Target {
  account: AccountRow;
  identifier: IdentifierRow;
}

/**
 * "Forgot password": a link to a verified e-mail or a code to a verified phone, then a new password
 * that ends every session. Nothing in any answer tells whether an account has the login typed.
 */
export class RecoveryService {
  constructor(private readonly deps: AccountsDeps) {}

  /**
   * Sends the link or code when the login names an account, and answers the same either way. The
   * recovery id is the code's when one went to a phone, and a random one of the same form otherwise.
   */
  async start(request: StartRequest, context: RequestContext): Promise<RecoveryStarted> {
    const { limits, captcha, clock } = this.deps;
    await limits.consume('recovery:ip', RECOVERY_PER_IP, clientKey(context.ip));
    if (!(await captcha.verify(request.captcha))) throw captchaFailed();
    const login = classifyLogin(request.login);
    if (login === null) {
      throw badRequest('Enter an e-mail address, a phone number with its country code (+…), or an account number.', {
        field: 'login',
      });
    }
    await limits.consume('recovery:cooldown', RECOVERY_COOLDOWN, login.value);
    await limits.consume('recovery:hourly', RECOVERY_HOURLY, login.value);
    const target = await this.findTarget(login);
    const sent =
      target !== undefined && (await within(this.deps, 'recovery:account', RECOVERY_PER_ACCOUNT, target.account.id))
        ? await this.send(target, request.locale)
        : null;
    return {
      status: 'recovery_started',
      recoveryId: sent ?? uuidv7({ msecs: clock.now() }),
      resendAfterSeconds: RECOVERY_COOLDOWN.seconds,
    };
  }

  /**
   * Sets the new password from the link's token or the recovery id and code, ends every session
   * and device of the account, and tells the owner. The rules that do not depend on the account
   * are checked first; "not the e-mail or phone itself" only once the link or code has proved the
   * person, so that it cannot be used to guess an account's contacts.
   */
  async complete(request: CompleteRecoveryRequest, context: RequestContext): Promise<void> {
    const { limits, passwords, clock } = this.deps;
    await limits.consume('recovery:complete:ip', COMPLETE_PER_IP, clientKey(context.ip));
    const problems = await passwords.check(request.password);
    if (problems.length > 0) throw weakPassword(problems);
    // Hashed before anything is looked up, so a real code and a decoy take the same time.
    const passwordHash = await hashPassword(request.password);
    const now = clock.now();
    // The recovered account's id, or why not.
    const outcome = await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      let verification: VerificationRow;
      try {
        verification =
          'token' in request
            ? await claimLink(repo, request.token, now)
            : await this.claimCode(repo, request.recoveryId, request.code, now);
      } catch (error) {
        // Answered after the commit, so that a wrong code still counts towards burning it.
        if (error instanceof AppError) return error;
        throw error;
      }
      const account = await repo.getAccount(verification.account_id);
      if (account === undefined) return linkInvalid();
      const identifiers = await repo.listIdentifiers(account.id);
      // Thrown inside the transaction: the link or code is given back for a better password.
      if (repeatsIdentifier(request.password, passwordIdentifiers(identifiers)))
        throw weakPassword(['same_as_identifier']);
      await repo.updateAccount(account.id, {
        password_hash: passwordHash,
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: now,
      });
      await repo.consumeOpenVerifications(account.id, 'password_reset', now);
      // Whoever spent the day's new-device codes had the old password: the owner gets codes again.
      await new SignInGuardsRepo(trx).restart(account.id, now);
      await new SessionsRepo(trx).revokeAllBut(account.id, null, now);
      await recordSecurityEvent(repo, account.id, 'password_recovered', context, now, {
        channel: verification.channel,
      });
      await notifyPasswordChanged(this.deps, account, identifiers, trx);
      return account.id;
    });
    if (outcome instanceof AppError) throw outcome;
    // Its devices were signed out: their streams and long polls end now.
    await announceSessionsEnded(this.deps, outcome);
  }

  /** The account and the verified contact a login names: for an account number, its e-mail, else its phone. */
  private async findTarget(login: Login): Promise<Target | undefined> {
    const { repo } = this.deps;
    let account: AccountRow | undefined;
    let identifier: IdentifierRow | undefined;
    if (login.kind === 'number') {
      account = await repo.getAccountByNumber(login.value);
      const verified = account === undefined ? [] : await repo.listIdentifiers(account.id);
      const usable = verified.filter((item) => item.verified_at !== null);
      identifier = usable.find((item) => item.kind === 'email') ?? usable.find((item) => item.kind === 'phone');
    } else {
      identifier = await repo.findIdentifier(login.kind, login.value);
      if (identifier !== undefined) account = await repo.getAccount(identifier.account_id);
    }
    // Not a waiting account, nor an address nobody has proved to hold: it may not be the typist's.
    if (account === undefined || account.status === 'pending') return undefined;
    if (identifier === undefined || identifier.verified_at === null) return undefined;
    return { account, identifier };
  }

  /** Issues and sends the link or code in one transaction; returns the code's id, or null for a link. */
  private async send(target: Target, requested: Locale | undefined): Promise<string | null> {
    const { clock, secret, outbound, config } = this.deps;
    const locale = requested ?? resolveLocale(target.account.locale);
    const { kind, value } = target.identifier;
    const base = { accountId: target.account.id, purpose: 'password_reset' as const, channel: kind, target: value };
    return transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      if (kind === 'email') {
        const token = await issueLink(repo, { ...base, ttlMs: RESET_LINK_TTL_MS, now: clock.now() });
        const link = `${config.publicUrl}/recover?token=${encodeURIComponent(token)}`;
        await outbound.sendMail({ to: value, template: 'password_reset', locale, params: { link }, db: trx });
        return null;
      }
      const { id, code } = await issueCode(repo, secret, { ...base, ttlMs: RESET_CODE_TTL_MS, now: clock.now() });
      const params = { code, minutes: String(RESET_CODE_TTL_MS / MINUTE) };
      await outbound.sendSms({ to: value, template: 'verification_code', locale, params, db: trx });
      return id;
    });
  }

  private async claimCode(trx: AccountsRepo, recoveryId: string, code: string, now: number): Promise<VerificationRow> {
    const verification = await trx.getVerification(recoveryId);
    if (verification?.purpose === 'password_reset' && verification.channel === 'phone') {
      return redeemCode(trx, this.deps.secret, verification, code, now);
    }
    return this.refuseDecoy(trx, recoveryId, code, now);
  }

  /**
   * A code for a recovery that sent none (an unknown login, a link, an id made up) is refused the
   * way a real one's wrong codes are: code_invalid, "burnt" from the fifth try, and code_expired
   * once ten minutes have passed since the id was issued (a UUIDv7 carries its time).
   */
  private async refuseDecoy(trx: AccountsRepo, recoveryId: string, code: string, now: number): Promise<never> {
    const match = UUID_V7.exec(recoveryId);
    let spent: VerificationRow | undefined;
    if (match !== null) {
      const issuedAt = parseInt(`${match[1] ?? ''}${match[2] ?? ''}`, 16);
      const expiresAt = issuedAt + RESET_CODE_TTL_MS;
      const live = expiresAt > now && (await within(this.deps, 'recovery:decoy', DECOY_TRIES, recoveryId));
      if (!live) spent = decoyRow(recoveryId, issuedAt, expiresAt);
    }
    // redeemCode throws for every one of these: no verification, expired, or out of tries.
    await redeemCode(trx, this.deps.secret, spent, code, now);
    throw linkInvalid();
  }
}

async function claimLink(trx: AccountsRepo, token: string, now: number): Promise<VerificationRow> {
  const verification = await trx.findVerificationBySecret(hashToken(token));
  if (verification?.purpose !== 'password_reset' || verification.channel !== 'email') throw linkInvalid();
  if (verification.consumed_at !== null) throw linkInvalid();
  if (verification.expires_at <= now) {
    throw new AppError('code_expired', 'This link has expired. Ask for a new one on the “Forgot password” page.');
  }
  if (!(await trx.consumeVerification(verification.id, now))) throw linkInvalid();
  return verification;
}

function linkInvalid(): AppError {
  return new AppError('code_invalid', 'This link is not valid. It may have been used already.');
}

/** True while `key` is under the limit (and counts it); false once it is used up. */
async function within(deps: Pick<AccountsDeps, 'limits'>, name: string, limit: Limit, key: string): Promise<boolean> {
  try {
    await deps.limits.consume(name, limit, key);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') return false;
    throw error;
  }
}

/** A stand-in verification with no tries left, for redeemCode to refuse. */
function decoyRow(id: string, createdAt: number, expiresAt: number): VerificationRow {
  return {
    id,
    account_id: '',
    purpose: 'password_reset',
    channel: 'phone',
    target: '',
    secret_hash: '',
    attempts: MAX_CODE_ATTEMPTS,
    data: null,
    expires_at: expiresAt,
    consumed_at: null,
    created_at: createdAt,
  };
}
