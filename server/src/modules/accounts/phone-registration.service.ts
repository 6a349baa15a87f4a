import type { PhoneCodeSent, RegisterByPhoneRequestSchema } from '@nimbus/protocol';
import type { z } from 'zod';
import { constantTimeEqual, hashToken, randomToken } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { hashPassword } from '../../core/passwords/index.js';
import { MINUTE } from '../../core/time.js';
import type { AccountsDeps, RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow } from './accounts.repo.js';
import { normalizePhone } from './identifiers.js';
import { captchaFailed, weakPassword } from './accounts.errors.js';
import { checkRegionAndBirthDate, createPendingAccount } from './registration.service.js';
import { recordSecurityEvent } from './security-events.js';
import type { OpenedSession, SignInService } from './sign-in.service.js';
import { issueCode, issueLink, redeemCode, reissueCode } from './verifications.js';
import { transact } from '../../core/db/transact.js';
import { clientKey } from '../../core/net.js';

type RegisterByPhone = z.output<typeof RegisterByPhoneRequestSchema>;

const CODE_TTL_MS = 10 * MINUTE;
const SETUP_TTL_MS = 30 * MINUTE;
const SMS_COOLDOWN = { points: 1, seconds: 60 };
const SMS_HOURLY = { points: 5, seconds: 3600 };
const SMS_PER_IP = { points: 10, seconds: 3600 };

/**
 * Creating an account with a phone number: an SMS code proves the number, then the person
 * chooses a password and the account is active. The same answers whether or not the number
 * already has an account.
 */
export class PhoneRegistrationService {
  constructor(
    private readonly deps: AccountsDeps,
    private readonly signIn: SignInService,
  ) {}

  async start(request: RegisterByPhone, context: RequestContext): Promise<PhoneCodeSent> {
    const { repo, clock, captcha, secret } = this.deps;
    if (!(await captcha.verify(request.captcha))) throw captchaFailed();
    const phone = normalizePhone(request.phone, request.phoneRegion);
    if (phone === null) {
      throw new AppError('validation_failed', 'This is not a valid phone number.', {
        issues: [{ path: 'body.phone', message: 'is not a valid phone number' }],
      });
    }
    checkRegionAndBirthDate(request.region, request.birthDate, clock.now());
    await this.throttle(phone, context.ip);

    const existing = await repo.findIdentifier('phone', phone);
    const verified = existing?.verified_at === null ? undefined : existing;
    const holder = verified === undefined ? undefined : await repo.getAccount(verified.account_id);
    if (verified !== undefined && holder !== undefined && !isSigningUp(holder)) {
      // Its owner hears of the attempt; the caller gets a registration that no code will open, and
      // that resend, verify and time treat like a real one, so nothing tells the two apart.
      await this.tellOwner(phone, request.locale);
      const registrationId = newId();
      await repo.insertVerification(standIn(registrationId, verified.account_id, phone, clock.now()));
      return { status: 'code_sent', registrationId, phone, resendAfterSeconds: SMS_COOLDOWN.seconds };
    }
    const now = clock.now();
    const registrationId = await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      // A number that started sign-up before but never finished (even after its code) starts over:
      // its old try is removed.
      if (existing !== undefined) await repo.deleteAccount(existing.account_id);
      const accountId = await createPendingAccount(
        repo,
        { ...request, passwordHash: null },
        { kind: 'phone', value: phone },
        context,
        now,
      );
      const { id, code } = await issueCode(repo, secret, {
        accountId,
        purpose: 'phone_signup',
        channel: 'phone',
        target: phone,
        ttlMs: CODE_TTL_MS,
        now,
      });
      await this.sendCode(phone, code, request.locale, trx);
      return id;
    });
    return { status: 'code_sent', registrationId, phone, resendAfterSeconds: SMS_COOLDOWN.seconds };
  }

  async resend(registrationId: string, context: RequestContext): Promise<PhoneCodeSent> {
    const { repo, clock, secret } = this.deps;
    const verification = await repo.getVerification(registrationId);
    if (verification?.purpose !== 'phone_signup' || verification.consumed_at !== null) {
      throw new AppError('code_invalid', 'This sign-up has ended. Start again.');
    }
    await this.throttle(verification.target, context.ip);
    const now = clock.now();
    const account = await repo.getAccount(verification.account_id);
    if (account === undefined || !isSigningUp(account)) {
      // The number has an account: a fresh stand-in (no code, tries and time renewed), its owner told again.
      const fresh = standIn(verification.id, verification.account_id, verification.target, now);
      await repo.replaceVerificationSecret(verification.id, fresh.secret_hash, {
        attempts: 0,
        expires_at: fresh.expires_at,
        created_at: now,
      });
      await this.tellOwner(verification.target, account?.locale ?? 'en');
    } else {
      const code = await reissueCode(repo, secret, verification, {
        channel: 'phone',
        target: verification.target,
        expiresAt: now + CODE_TTL_MS,
        now,
      });
      await this.sendCode(verification.target, code, account.locale);
    }
    return {
      status: 'code_sent',
      registrationId,
      phone: verification.target,
      resendAfterSeconds: SMS_COOLDOWN.seconds,
    };
  }

  /** The right code verifies the number and hands out a token for choosing the password. */
  async verify(registrationId: string, code: string): Promise<{ status: 'phone_verified'; setupToken: string }> {
    const { repo, clock, secret } = this.deps;
    const verification = await repo.getVerification(registrationId);
    if (verification !== undefined && verification.purpose !== 'phone_signup')
      throw new AppError('code_invalid', 'This code is not right.');
    const now = clock.now();
    const redeemed = await redeemCode(repo, secret, verification, code, now);
    const setupToken = await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      const identifier = await repo.findIdentifier('phone', redeemed.target);
      const account = await repo.getAccount(redeemed.account_id);
      // Only an account still signing up is opened by a code (never the owner's behind a stand-in).
      if (identifier?.account_id !== redeemed.account_id || account === undefined || !isSigningUp(account))
        throw new AppError('code_invalid', 'This sign-up has ended. Start again.');
      await repo.markIdentifierVerified(identifier.id, now);
      return issueLink(repo, {
        accountId: redeemed.account_id,
        purpose: 'phone_password',
        channel: 'phone',
        target: redeemed.target,
        ttlMs: SETUP_TTL_MS,
        now,
        data: { registrationId },
      });
    });
    return { status: 'phone_verified', setupToken };
  }

  /** Sets the password, activates the account and signs the person in on this browser. */
  async complete(
    registrationId: string,
    setupToken: string,
    password: string,
    context: RequestContext,
  ): Promise<OpenedSession> {
    const { repo, clock, passwords } = this.deps;
    const now = clock.now();
    const setup = await repo.findVerificationBySecret(hashToken(setupToken));
    const data =
      setup?.data === null || setup === undefined ? {} : (JSON.parse(setup.data) as { registrationId?: string });
    if (
      setup?.purpose !== 'phone_password' ||
      setup.consumed_at !== null ||
      !constantTimeEqual(data.registrationId ?? '', registrationId)
    ) {
      throw new AppError('code_invalid', 'This sign-up has ended. Start again.');
    }
    if (setup.expires_at <= now) throw new AppError('code_expired', 'This sign-up took too long. Start again.');
    const problems = await passwords.check(password, { phone: setup.target });
    if (problems.length > 0) throw weakPassword(problems);
    const passwordHash = await hashPassword(password);
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      const account = await repo.getAccount(setup.account_id);
      if (account === undefined || !isSigningUp(account) || !(await repo.consumeVerification(setup.id, now)))
        throw new AppError('code_invalid', 'This sign-up has ended.');
      await repo.updateAccount(setup.account_id, { password_hash: passwordHash, status: 'active', updated_at: now });
      await recordSecurityEvent(repo, setup.account_id, 'account_activated', context, now);
    });
    // The SMS code proved the number from this browser: it is trusted from now on.
    return this.signIn.openSession(setup.account_id, context, { trustBrowser: true });
  }

  /** Someone typed this number, which has an account, into the sign-up form. */
  private async tellOwner(phone: string, locale: string) {
    await this.deps.outbound.sendSms({
      to: phone,
      template: 'already_registered',
      locale: locale === 'ru' || locale === 'zh' ? locale : 'en',
      params: { link: `${this.deps.config.publicUrl}/sign-in` },
    });
  }

  private async sendCode(
    phone: string,
    code: string,
    locale: string,
    db?: Parameters<AccountsDeps['outbound']['sendSms']>[0]['db'],
  ) {
    await this.deps.outbound.sendSms({
      to: phone,
      template: 'verification_code',
      locale: locale === 'ru' || locale === 'zh' ? locale : 'en',
      params: { code, minutes: String(CODE_TTL_MS / MINUTE) },
      db,
    });
  }

  /** SMS cost money and annoy: once a minute and five times an hour per number, ten an hour per IP. */
  private async throttle(phone: string, ip: string): Promise<void> {
    const { limits } = this.deps;
    await limits.consume('sms:cooldown', SMS_COOLDOWN, phone);
    await limits.consume('sms:hourly', SMS_HOURLY, phone);
    await limits.consume('sms:ip', SMS_PER_IP, clientKey(ip));
  }
}

/** An account made by this sign-up and not finished yet (the password not chosen). */
function isSigningUp(account: AccountRow): boolean {
  return account.status === 'pending';
}

/**
 * The registration a number with an account gets: a code nobody was sent (its hash is of a random
 * token, so no 6 digits match), held on the owner's account, expiring like a real one.
 */
function standIn(id: string, accountId: string, phone: string, now: number) {
  return {
    id,
    account_id: accountId,
    purpose: 'phone_signup' as const,
    channel: 'phone' as const,
    target: phone,
    secret_hash: hashToken(randomToken()),
    attempts: 0,
    data: null,
    expires_at: now + CODE_TTL_MS,
    consumed_at: null,
    created_at: now,
  };
}
