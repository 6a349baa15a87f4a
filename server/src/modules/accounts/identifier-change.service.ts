import { requireScope, type Principal } from '../../core/auth/index.js';
import {
  EmailSchema,
  resolveLocale,
  type Account,
  type ChangeIdentifierRequest,
  type ConfirmIdentifierRequest,
  type IdentifierCodeSent,
} from '@nimbus/protocol';
import { AppError, conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { dummyVerify, verifyPassword } from '../../core/passwords/index.js';
import { presentAccount } from './account-view.js';
import { MINUTE } from '../../core/time.js';
import type { AccountsDeps, RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow } from './accounts.repo.js';
import type { IdentifierKind } from './accounts.tables.js';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone } from './identifiers.js';
import { recordSecurityEvent } from './security-events.js';
import { CODE_TTL_MS } from './sign-in.service.js';
import { issueCode, redeemCode } from './verifications.js';
import { transact } from '../../core/db/transact.js';
import { clientKey } from '../../core/net.js';

/** Password tries per account: a stolen session must not become a password oracle. */
export const CONTACT_PASSWORD_LIMIT = { points: 10, seconds: 3600 };
const CODE_COOLDOWN = { points: 1, seconds: 60 };
const CODE_HOURLY = { points: 5, seconds: 3600 };
const CODE_PER_IP = { points: 20, seconds: 3600 };

/**
 * Adding or changing the account's e-mail or phone. The current password first; then a 6-digit
 * code to the new address or number proves it is the owner's; then the new value replaces the old
 * one of its kind, and the old one is told.
 */
export class IdentifierChangeService {
  constructor(private readonly deps: AccountsDeps) {}

  async sendCode(
    principal: Principal,
    request: ChangeIdentifierRequest,
    context: RequestContext,
  ): Promise<IdentifierCodeSent> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock, secret, limits, outbound } = this.deps;
    const account = await this.activeAccount(accountId);
    const kind = request.kind;
    const value = normalizeIdentifier(kind, request.value, request.phoneRegion ?? account.region);
    const current = (await repo.listIdentifiers(accountId)).find((item) => item.kind === kind);
    if (current?.value === value && current.verified_at !== null) {
      throw conflict(kind === 'email' ? 'This is already your e-mail address.' : 'This is already your phone number.');
    }

    await limits.consume('identifier-change:password', CONTACT_PASSWORD_LIMIT, accountId);
    const right =
      account.password_hash === null
        ? await dummyVerify(request.password)
        : await verifyPassword(account.password_hash, request.password);
    if (!right) throw new AppError('invalid_credentials', 'The password is not right.', { captchaRequired: false });
    await limits.consume('identifier-change:ip', CODE_PER_IP, clientKey(context.ip));
    await limits.consume('identifier-change:cooldown', CODE_COOLDOWN, accountId);
    await limits.consume('identifier-change:hourly', CODE_HOURLY, accountId);

    const answer = (challengeId: string): IdentifierCodeSent => ({
      challengeId,
      kind,
      masked: mask(kind, value),
      resendAfterSeconds: CODE_COOLDOWN.seconds,
    });
    const now = clock.now();
    // A new request ends the codes of earlier ones: only the newest code changes anything.
    await repo.consumeOpenVerifications(accountId, 'contact_change', now);
    const owner = await repo.findIdentifier(kind, value);
    if (owner !== undefined && owner.account_id !== accountId) {
      // Another account's address: the same answer, but nothing goes there and no code will open this id.
      return answer(newId());
    }
    const { id, code } = await issueCode(repo, secret, {
      accountId,
      purpose: 'contact_change',
      channel: kind,
      target: value,
      ttlMs: CODE_TTL_MS,
      now,
    });
    const message = {
      to: value,
      template: 'verification_code' as const,
      locale: resolveLocale(account.locale),
      params: { code, minutes: String(CODE_TTL_MS / MINUTE) },
    };
    if (kind === 'email') await outbound.sendMail(message);
    else await outbound.sendSms(message);
    return answer(id);
  }

  async confirm(principal: Principal, request: ConfirmIdentifierRequest, context: RequestContext): Promise<Account> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock, secret, outbound, config } = this.deps;
    const account = await this.activeAccount(accountId);
    const found = await repo.getVerification(request.challengeId);
    const verification = found?.purpose === 'contact_change' && found.account_id === accountId ? found : undefined;
    await redeemCode(repo, secret, verification, request.code, clock.now());
    // redeemCode throws for a missing verification; this narrows the type.
    if (verification === undefined) throw notFound();
    const kind = verification.channel;
    const value = verification.target;
    const now = clock.now();
    try {
      await transact(this.deps.db, async (trx) => {
        const repo = new AccountsRepo(trx);
        const taken = await repo.findIdentifier(kind, value);
        if (taken !== undefined && taken.account_id !== accountId) throw takenMeanwhile();
        const old = (await repo.listIdentifiers(accountId)).find((item) => item.kind === kind);
        if (old === undefined) {
          await repo.insertIdentifier({
            id: newId(),
            account_id: accountId,
            kind,
            value,
            verified_at: now,
            created_at: now,
          });
        } else {
          await repo.replaceIdentifierValue(old.id, value, now);
        }
        const type = old === undefined ? 'contact_added' : kind === 'email' ? 'email_changed' : 'phone_changed';
        await recordSecurityEvent(repo, accountId, type, context, now, { kind, value: mask(kind, value) });
        if (old === undefined || old.verified_at === null || old.value === value) return;
        const locale = resolveLocale(account.locale);
        const notice = {
          to: old.value,
          template: 'contact_changed' as const,
          locale,
          params: { value: mask(kind, value), link: `${config.publicUrl}/recover` },
          db: trx,
        };
        if (kind === 'email') await outbound.sendMail(notice);
        else await outbound.sendSms(notice);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw takenMeanwhile();
      throw error;
    }
    const updated = await repo.getAccount(accountId);
    if (updated === undefined) throw notFound('This account does not exist.');
    return presentAccount(updated, await repo.listIdentifiers(accountId));
  }

  private async activeAccount(accountId: string): Promise<AccountRow> {
    const account = await this.deps.repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    if (account.status === 'deleting') {
      throw conflict('This account is scheduled for deletion. Cancel the deletion first to change anything.');
    }
    return account;
  }
}

/** The stored form of a new e-mail or phone, or 400 naming body.value. */
function normalizeIdentifier(kind: IdentifierKind, value: string, region: string): string {
  if (kind === 'email') {
    const email = normalizeEmail(value);
    if (EmailSchema.safeParse(email).success) return email;
    throw invalidValue('This is not a valid e-mail address.', 'is not a valid e-mail address');
  }
  const phone = normalizePhone(value, region);
  if (phone !== null) return phone;
  throw invalidValue('This is not a valid phone number.', 'is not a valid phone number');
}

function invalidValue(message: string, issue: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path: 'body.value', message: issue }] });
}

function mask(kind: IdentifierKind, value: string): string {
  return kind === 'email' ? maskEmail(value) : maskPhone(value);
}

function takenMeanwhile(): AppError {
  return conflict('This address now belongs to another account. Choose another one.');
}

/** A unique constraint refused the row: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
