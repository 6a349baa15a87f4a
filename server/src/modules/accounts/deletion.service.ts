import { requireScope, type Principal } from '../../core/auth/index.js';
import {
  DELETION_GRACE_DAYS,
  resolveLocale,
  type AccountState,
  type CodeDestination,
  type DeletionCodeSent,
  type DeletionRequest,
  type Locale,
} from '@nimbus/protocol';
import type { Db } from '../../core/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.js';
import type { MailTemplateParams, Outbound, SmsTemplateParams } from '../../core/messages/index.js';
import { verifyPassword } from '../../core/passwords/index.js';
import { presentAccount } from './account-view.js';
import { DAY, MINUTE } from '../../core/time.js';
import type { AccountsDeps, RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow, type IdentifierRow } from './accounts.repo.js';
import { maskEmail, maskPhone } from './identifiers.js';
import { recordSecurityEvent } from './security-events.js';
import { CODE_TTL_MS } from './sign-in.service.js';
import { issueCode, redeemCode, reissueCode } from './verifications.js';
import { transact } from '../../core/db/transact.js';
import { clientKey } from '../../core/net.js';

export const DELETION_GRACE_MS = DELETION_GRACE_DAYS * DAY;
const CODE_COOLDOWN = { points: 1, seconds: 60 };
const CODE_HOURLY = { points: 5, seconds: 3600 };
const CODE_PER_IP = { points: 20, seconds: 3600 };
/** Password-and-code tries per account: a stolen session must not become a password oracle. */
const ATTEMPTS_HOURLY = { points: 10, seconds: 3600 };

/**
 * "Delete account": a code to a verified contact, then the password and the code schedule the
 * deletion after a grace period, during which the owner can cancel it. The purge itself is a job
 * (deletion.jobs.ts).
 */
export class DeletionService {
  constructor(private readonly deps: AccountsDeps) {}

  /**
   * The verified e-mail and phone a deletion code can go to, masked, so the owner can pick one
   * before the first code is sent (sendCode answers them too, but only after sending).
   */
  async destinations(principal: Principal): Promise<CodeDestination[]> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    await this.activeAccount(accountId);
    return codeDestinations(await this.deps.repo.listIdentifiers(accountId)).map(({ row: _row, ...item }) => item);
  }

  /** Sends a 6-digit code to a verified e-mail or phone; asking again replaces the previous code. */
  async sendCode(principal: Principal, destinationId: string | undefined, context: RequestContext) {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock, secret, limits } = this.deps;
    const account = await this.activeAccount(accountId);
    const destinations = codeDestinations(await repo.listIdentifiers(accountId));
    const destination =
      destinationId === undefined ? destinations[0] : destinations.find((item) => item.id === destinationId);
    if (destination === undefined) {
      if (destinationId !== undefined) throw notFound('There is no such destination for this code.');
      throw forbidden('This account has no verified e-mail or phone to send a code to.');
    }
    await limits.consume('deletion-code:ip', CODE_PER_IP, clientKey(context.ip));
    await limits.consume('deletion-code:cooldown', CODE_COOLDOWN, accountId);
    await limits.consume('deletion-code:hourly', CODE_HOURLY, accountId);
    const now = clock.now();
    const target = { channel: destination.row.kind, target: destination.row.value };
    const open = await repo.latestOpenVerification(accountId, 'account_deletion');
    let challengeId: string;
    let code: string;
    if (open === undefined) {
      ({ id: challengeId, code } = await issueCode(repo, secret, {
        accountId,
        purpose: 'account_deletion',
        ...target,
        ttlMs: CODE_TTL_MS,
        now,
      }));
    } else {
      challengeId = open.id;
      code = await reissueCode(repo, secret, open, { ...target, expiresAt: now + CODE_TTL_MS, now });
    }
    const locale = resolveLocale(account.locale);
    const params = { code, minutes: String(CODE_TTL_MS / MINUTE) };
    const message = { to: destination.row.value, template: 'verification_code' as const, locale, params };
    if (destination.row.kind === 'email') await this.deps.outbound.sendMail(message);
    else await this.deps.outbound.sendSms(message);
    return {
      challengeId,
      destinations: destinations.map(({ row: _row, ...item }) => item),
      sentTo: destination.id,
      resendAfterSeconds: CODE_COOLDOWN.seconds,
    } satisfies DeletionCodeSent;
  }

  /** The password and the code schedule the deletion; the owner is told when it will happen. */
  async requestDeletion(
    principal: Principal,
    request: DeletionRequest,
    context: RequestContext,
  ): Promise<AccountState> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock, secret, limits, outbound, config } = this.deps;
    await limits.consume('deletion:attempt', ATTEMPTS_HOURLY, accountId);
    const account = await this.activeAccount(accountId);
    if (account.password_hash === null || !(await verifyPassword(account.password_hash, request.password))) {
      throw new AppError('invalid_credentials', 'The password is not right.', { captchaRequired: false });
    }
    const verification = await repo.getVerification(request.challengeId);
    if (verification?.purpose !== 'account_deletion' || verification.account_id !== accountId) {
      throw notFound('This code is no longer valid. Ask for a new one.');
    }
    await redeemCode(repo, secret, verification, request.code, clock.now());
    const now = clock.now();
    const dueAt = now + DELETION_GRACE_MS;
    const locale = resolveLocale(account.locale);
    const identifiers = await repo.listIdentifiers(accountId);
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      if (!(await repo.scheduleDeletion(accountId, dueAt, now))) throw alreadyScheduled();
      await recordSecurityEvent(repo, accountId, 'deletion_requested', context, now, {
        dueAt: new Date(dueAt).toISOString(),
      });
      await notifyOwner(outbound, identifiers, locale, trx, 'deletion_scheduled', {
        date: formatDate(dueAt, locale),
        link: `${config.publicUrl}/account`,
      });
    });
    return this.state(accountId);
  }

  /** Cancels a scheduled deletion while its grace period runs. */
  async cancelDeletion(principal: Principal, context: RequestContext): Promise<AccountState> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock, outbound, config } = this.deps;
    const account = await repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    if (account.status !== 'deleting') throw conflict('This account is not scheduled for deletion.');
    const now = clock.now();
    const identifiers = await repo.listIdentifiers(accountId);
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      if (!(await repo.cancelDeletion(accountId, now))) {
        throw conflict('The grace period has ended: this account is being deleted and can no longer be restored.');
      }
      await recordSecurityEvent(repo, accountId, 'deletion_cancelled', context, now);
      await notifyOwner(outbound, identifiers, resolveLocale(account.locale), trx, 'deletion_cancelled', {
        link: `${config.publicUrl}/account`,
      });
    });
    return this.state(accountId);
  }

  private async activeAccount(accountId: string): Promise<AccountRow> {
    const account = await this.deps.repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    if (account.status === 'deleting') throw alreadyScheduled();
    return account;
  }

  private async state(accountId: string): Promise<AccountState> {
    const { repo } = this.deps;
    const account = await repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    return { account: presentAccount(account, await repo.listIdentifiers(accountId)) };
  }
}

export type OwnerNotice = 'deletion_scheduled' | 'deletion_cancelled' | 'account_deleted';

/**
 * Tells the owner, in the caller's transaction: by mail to the verified e-mail, or by SMS to the
 * verified phone when there is no e-mail. Rendering happens here, before the caller commits.
 */
export async function notifyOwner<T extends OwnerNotice>(
  outbound: Outbound,
  identifiers: IdentifierRow[],
  locale: Locale,
  db: Db,
  template: T,
  params: MailTemplateParams[T] & SmsTemplateParams[T],
): Promise<void> {
  const verified = identifiers.filter((item) => item.verified_at !== null);
  const email = verified.find((item) => item.kind === 'email');
  const phone = verified.find((item) => item.kind === 'phone');
  if (email !== undefined) await outbound.sendMail({ to: email.value, template, locale, params, db });
  else if (phone !== undefined) await outbound.sendSms({ to: phone.value, template, locale, params, db });
}

/** "November 29, 2026 at 9:00 AM UTC", "29 ноября 2026 г. в 09:00 UTC", "2026年11月29日 09:00 UTC". */
export function formatDate(epochMs: number, locale: Locale): string {
  const tag = locale === 'zh' ? 'zh-CN' : locale;
  const format = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(epochMs)} UTC`;
}

function codeDestinations(identifiers: IdentifierRow[]): (CodeDestination & { row: IdentifierRow })[] {
  return identifiers
    .filter((row) => row.verified_at !== null)
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      masked: row.kind === 'email' ? maskEmail(row.value) : maskPhone(row.value),
      row,
    }));
}

function alreadyScheduled(): AppError {
  return conflict('This account is already scheduled for deletion. Cancel the deletion first to change anything.');
}
