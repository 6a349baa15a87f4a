import { captchaFailed, weakPassword } from './accounts.errors.js';
import { randomInt } from 'node:crypto';
import type { ActivationSent, RegisterByEmailRequestSchema, SessionInfo } from '@nimbus/protocol';
import type { z } from 'zod';
import { hashToken } from '../../core/crypto.js';
import { transact } from '../../core/db/transact.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { hashPassword } from '../../core/passwords/index.js';
import { DAY } from '../../core/time.js';
import type { AccountsDeps, RequestContext } from './accounts.deps.js';
import { AccountsRepo } from './accounts.repo.js';
import type { IdentifierKind } from './accounts.tables.js';
import { normalizeEmail } from './identifiers.js';
import { checkBirthDate, checkRegion } from './account-rules.js';
import { recordSecurityEvent } from './security-events.js';
import type { SignInService } from './sign-in.service.js';
import { issueLink } from './verifications.js';
import { clientKey } from '../../core/net.js';

type RegisterByEmail = z.output<typeof RegisterByEmailRequestSchema>;

export const ACTIVATION_TTL_MS = DAY;
/** "Resend activation e-mail": once a minute, five times an hour per address (DESIGN §7). */
export const RESEND_COOLDOWN = { points: 1, seconds: 60 };
export const RESEND_HOURLY = { points: 5, seconds: 3600 };
const REGISTER_PER_IP = { points: 20, seconds: 3600 };

/** Creating accounts: by e-mail with an activation link. */
export class RegistrationService {
  constructor(
    private readonly deps: AccountsDeps,
    private readonly signIn: SignInService,
  ) {}

  /**
   * Registers an account waiting for activation and mails the link. Answers the same, after the
   * same work (the password is hashed either way), whether or not the address already has an
   * account; its owner then gets a notice instead of a link. Each link carries the registration
   * that asked for it: opening it sets that password, so a stranger who registered the address
   * first never chooses the password of its owner.
   */
  async registerByEmail(request: RegisterByEmail, context: RequestContext): Promise<ActivationSent> {
    const { repo, clock, limits, captcha, passwords } = this.deps;
    await limits.consume('register:ip', REGISTER_PER_IP, clientKey(context.ip));
    if (!(await captcha.verify(request.captcha))) throw captchaFailed();
    const email = normalizeEmail(request.email);
    checkRegionAndBirthDate(request.region, request.birthDate, clock.now());
    const problems = await passwords.check(request.password, { email });
    if (problems.length > 0) throw weakPassword(problems);
    await this.throttleMail(email, context.ip);
    // Before anything is looked up: a known address must not answer sooner than a new one.
    const passwordHash = await hashPassword(request.password);

    const existing = await repo.findIdentifier('email', email);
    if (existing !== undefined) {
      await this.answerExisting(existing.account_id, email, request, passwordHash);
    } else {
      await this.createPending(request, email, context, passwordHash);
    }
    return { status: 'activation_sent', email, resendAfterSeconds: RESEND_COOLDOWN.seconds };
  }

  /** "Resend activation e-mail": the same answer for any address, limited per address and IP. */
  async resendActivation(
    emailInput: string,
    locale: RegisterByEmail['locale'],
    context: RequestContext,
  ): Promise<ActivationSent> {
    const { repo, clock } = this.deps;
    const email = normalizeEmail(emailInput);
    await this.throttleMail(email, context.ip);
    const identifier = await repo.findIdentifier('email', email);
    const account = identifier === undefined ? undefined : await repo.getAccount(identifier.account_id);
    if (identifier !== undefined && account?.status === 'pending') {
      await transact(this.deps.db, async (trx) => {
        const repo = new AccountsRepo(trx);
        // The same registration as the newest link: a resend chooses no password of its own.
        const latest = await repo.latestOpenVerification(account.id, 'activation');
        const data = latest?.data === null || latest?.data === undefined ? undefined : parseRegistration(latest.data);
        const token = await issueLink(repo, {
          accountId: account.id,
          purpose: 'activation',
          channel: 'email',
          target: email,
          ttlMs: ACTIVATION_TTL_MS,
          now: clock.now(),
          ...(data === undefined ? {} : { data }),
        });
        await this.mailActivation(email, token, locale, trx);
      });
    }
    return { status: 'activation_sent', email, resendAfterSeconds: RESEND_COOLDOWN.seconds };
  }

  /** Opens an activation link: the account becomes active, its e-mail verified, and the user signed in here. */
  async activate(
    token: string,
    context: RequestContext,
  ): Promise<{ info: SessionInfo; sessionToken: string; browserToken: string }> {
    const { repo, clock } = this.deps;
    const now = clock.now();
    const verification = await repo.findVerificationBySecret(hashToken(token));
    if (verification?.purpose !== 'activation' || verification.consumed_at !== null) {
      throw new AppError('code_invalid', 'This activation link is not valid. It may have been used already.');
    }
    if (verification.expires_at <= now) {
      throw new AppError('code_expired', 'This activation link has expired. Ask for a new one on the sign-up page.');
    }
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      if (!(await repo.consumeVerification(verification.id, now)))
        throw new AppError('code_invalid', 'This activation link was used already.');
      const identifier = await repo.findIdentifier('email', verification.target);
      if (identifier?.account_id !== verification.account_id)
        throw new AppError('code_invalid', 'This activation link is not valid.');
      await repo.markIdentifierVerified(identifier.id, now);
      const registration = verification.data === null ? undefined : parseRegistration(verification.data);
      await repo.updateAccount(verification.account_id, {
        status: 'active',
        updated_at: now,
        ...(registration === undefined
          ? {}
          : {
              password_hash: registration.passwordHash,
              region: registration.region,
              birth_date: registration.birthDate,
              locale: registration.locale,
              marketing_opt_in: registration.marketingOptIn === '1' ? 1 : 0,
            }),
      });
      // Links another registration of the address asked for end here: their passwords never apply.
      await repo.consumeOpenVerifications(verification.account_id, 'activation', now);
      await recordSecurityEvent(repo, verification.account_id, 'account_activated', context, now);
    });
    // Opening the link proves the person holds the mailbox: this browser is trusted from now on.
    return this.signIn.openSession(verification.account_id, context, { trustBrowser: true });
  }

  private async createPending(
    request: RegisterByEmail,
    email: string,
    context: RequestContext,
    passwordHash: string,
  ): Promise<void> {
    const { clock } = this.deps;
    const now = clock.now();
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      const accountId = await createPendingAccount(
        repo,
        { ...request, passwordHash },
        { kind: 'email', value: email },
        context,
        now,
      );
      const token = await issueLink(repo, {
        accountId,
        purpose: 'activation',
        channel: 'email',
        target: email,
        ttlMs: ACTIVATION_TTL_MS,
        now,
        data: registrationData(request, passwordHash),
      });
      // Enqueued in the same transaction: the mail goes out if and only if the account exists.
      await this.mailActivation(email, token, request.locale, trx);
    });
  }

  private async answerExisting(
    accountId: string,
    email: string,
    request: RegisterByEmail,
    passwordHash: string,
  ): Promise<void> {
    const { repo, clock, outbound, config } = this.deps;
    const { locale } = request;
    const account = await repo.getAccount(accountId);
    if (account?.status === 'pending') {
      // Registering again before activating (a lost mail, or someone else): a new link bound to
      // this registration's password; whichever link the mailbox's holder opens decides.
      await transact(this.deps.db, async (trx) => {
        const repo = new AccountsRepo(trx);
        const token = await issueLink(repo, {
          accountId,
          purpose: 'activation',
          channel: 'email',
          target: email,
          ttlMs: ACTIVATION_TTL_MS,
          now: clock.now(),
          data: registrationData(request, passwordHash),
        });
        await this.mailActivation(email, token, locale, trx);
      });
      return;
    }
    await outbound.sendMail({
      to: email,
      template: 'already_registered',
      locale: account === undefined ? locale : resolveAccountLocale(account.locale, locale),
      params: { link: `${config.publicUrl}/sign-in` },
    });
  }

  private async mailActivation(
    email: string,
    token: string,
    locale: RegisterByEmail['locale'],
    db: Parameters<AccountsDeps['outbound']['sendMail']>[0]['db'],
  ) {
    await this.deps.outbound.sendMail({
      to: email,
      template: 'activation',
      locale,
      params: { link: `${this.deps.config.publicUrl}/activate?token=${encodeURIComponent(token)}` },
      db,
    });
  }

  /** Mail to one address: once a minute and five times an hour; twenty an hour from one IP. */
  private async throttleMail(email: string, ip: string): Promise<void> {
    const { limits } = this.deps;
    await limits.consume('mail:cooldown', RESEND_COOLDOWN, email);
    await limits.consume('mail:hourly', RESEND_HOURLY, email);
    await limits.consume('mail:ip', { points: 20, seconds: 3600 }, clientKey(ip));
  }
}

/** What an activation link sets when opened: the registration that asked for it. */
interface Registration extends Record<string, string> {
  passwordHash: string;
  region: string;
  birthDate: string;
  locale: string;
  marketingOptIn: '0' | '1';
}

function registrationData(request: RegisterByEmail, passwordHash: string): Registration {
  return {
    passwordHash,
    region: request.region,
    birthDate: request.birthDate,
    locale: request.locale,
    marketingOptIn: request.marketingOptIn ? '1' : '0',
  };
}

/** The registration a link carries; undefined for links issued before links carried one. */
function parseRegistration(data: string): Registration | undefined {
  const parsed = JSON.parse(data) as Partial<Registration>;
  if (typeof parsed.passwordHash !== 'string') return undefined;
  return {
    passwordHash: parsed.passwordHash,
    region: parsed.region ?? '',
    birthDate: parsed.birthDate ?? '',
    locale: parsed.locale ?? 'en',
    marketingOptIn: parsed.marketingOptIn === '1' ? '1' : '0',
  };
}

function resolveAccountLocale(stored: string, fallback: RegisterByEmail['locale']): RegisterByEmail['locale'] {
  return stored === 'en' || stored === 'ru' || stored === 'zh' ? stored : fallback;
}

/** A random, unused 10-digit account number that does not start with 0. */
async function freeAccountNumber(repo: AccountsRepo): Promise<string> {
  for (;;) {
    const number = String(randomInt(1_000_000_000, 10_000_000_000));
    if (!(await repo.numberTaken(number))) return number;
  }
}

export interface PendingAccountFields {
  region: string;
  birthDate: string;
  locale: string;
  marketingOptIn: boolean;
  passwordHash: string | null;
}

/** An account waiting for its e-mail or phone to be proven, with that identifier (unverified). */
export async function createPendingAccount(
  repo: AccountsRepo,
  fields: PendingAccountFields,
  identifier: { kind: IdentifierKind; value: string },
  context: RequestContext,
  now: number,
): Promise<string> {
  const accountId = newId();
  await repo.insertAccount({
    id: accountId,
    number: await freeAccountNumber(repo),
    status: 'pending',
    password_hash: fields.passwordHash,
    display_name: null,
    region: fields.region,
    locale: fields.locale,
    birth_date: fields.birthDate,
    marketing_opt_in: fields.marketingOptIn ? 1 : 0,
    failed_sign_ins: 0,
    locked_until: null,
    deletion_due_at: null,
    created_at: now,
    updated_at: now,
  });
  await repo.insertIdentifier({
    id: newId(),
    account_id: accountId,
    kind: identifier.kind,
    value: identifier.value,
    verified_at: null,
    created_at: now,
  });
  await recordSecurityEvent(repo, accountId, 'account_created', context, now);
  return accountId;
}

export function checkRegionAndBirthDate(region: string, birthDate: string, now: number): void {
  checkRegion(region);
  checkBirthDate(birthDate, now);
}
