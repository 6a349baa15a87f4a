import type { PhoneCodeSent, RegisterByPhoneRequestSchema } from '@nimbus/protocol';
import type { z } from 'zod';
import { constantTimeEqual, hashToken } from '../../core/crypto.js';
import { AppError } from '../../core/http/errors.js';
import { newId } from '../../core/ids.js';
import { hashPassword } from '../../core/passwords/index.js';
import { MINUTE, type AccountsDeps, type RequestContext } from './accounts.deps.js';
import { normalizePhone } from './identifiers.js';
import { captchaFailed, checkRegionAndBirthDate, createPendingAccount, weakPassword } from './registration.service.js';
import { recordSecurityEvent } from './security-events.js';
import type { OpenedSession, SignInService } from './sign-in.service.js';
import { issueCode, issueLink, redeemCode, reissueCode } from './verifications.js';

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
    if (existing !== undefined && existing.verified_at !== null) {
      // Its owner hears of the attempt; the caller gets a registration id that no code will open.
      await this.deps.outbound.sendSms({
        to: phone,
        template: 'already_registered',
        locale: request.locale,
        params: { link: `${this.deps.config.publicUrl}/sign-in` },
      });
      return { status: 'code_sent', registrationId: newId(), phone, resendAfterSeconds: SMS_COOLDOWN.seconds };
    }
    const now = clock.now();
    const registrationId = await repo.transaction(async (trx, db) => {
      // A number that started sign-up before but never finished starts over: its old try is removed.
      if (existing !== undefined) await trx.deleteAccount(existing.account_id);
      const accountId = await createPendingAccount(
        trx,
        { ...request, passwordHash: null },
        { kind: 'phone', value: phone },
        context,
        now,
      );
      const { id, code } = await issueCode(trx, secret, {
        accountId,
        purpose: 'phone_signup',
        channel: 'phone',
        target: phone,
        ttlMs: CODE_TTL_MS,
        now,
      });
      await this.sendCode(phone, code, request.locale, db);
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
    const code = await reissueCode(repo, secret, verification, {
      channel: 'phone',
      target: verification.target,
      expiresAt: now + CODE_TTL_MS,
      now,
    });
    const account = await repo.getAccount(verification.account_id);
    await this.sendCode(verification.target, code, account?.locale ?? 'en');
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
    const setupToken = await repo.transaction(async (trx) => {
      const identifier = await trx.findIdentifier('phone', redeemed.target);
      if (identifier?.account_id !== redeemed.account_id)
        throw new AppError('code_invalid', 'This sign-up has ended. Start again.');
      await trx.markIdentifierVerified(identifier.id, now);
      return issueLink(trx, {
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
    await repo.transaction(async (trx) => {
      if (!(await trx.consumeVerification(setup.id, now)))
        throw new AppError('code_invalid', 'This sign-up has ended.');
      await trx.updateAccount(setup.account_id, { password_hash: passwordHash, status: 'active', updated_at: now });
      await recordSecurityEvent(trx, setup.account_id, 'account_activated', context, now);
    });
    // The SMS code proved the number from this browser: it is trusted from now on.
    return this.signIn.openSession(setup.account_id, context, { trustBrowser: true });
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
    await limits.consume('sms:ip', SMS_PER_IP, ip);
  }
}
