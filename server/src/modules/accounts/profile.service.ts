import { requireScope, type Principal } from '../../core/auth/index.js';
import { checkBirthDate, checkRegion, describeUserAgent } from './account-rules.js';
import {
  resolveLocale,
  type Account,
  type ChangePasswordRequest,
  type SecurityEvent,
  type UpdateProfileRequestSchema,
} from '@nimbus/protocol';
import type { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import { hashToken } from '../../core/crypto.js';
import { AppError, notFound } from '../../core/errors.js';
import { dummyVerify, hashPassword, verifyPassword, type PasswordIdentifiers } from '../../core/passwords/index.js';
import { presentAccount } from './account-view.js';
import { announceSessionsEnded, type AccountsDeps, type RequestContext } from './accounts.deps.js';
import { AccountsRepo, type AccountRow, type IdentifierRow } from './accounts.repo.js';
import { weakPassword } from './accounts.errors.js';
import { recordSecurityEvent } from './security-events.js';
import { SessionsRepo } from './sessions.repo.js';
import { transact } from '../../core/db/transact.js';

type ProfileChanges = z.output<typeof UpdateProfileRequestSchema>;

/** Changing the password: five tries per account in 15 minutes, right or wrong. */
export const PASSWORD_CHANGE_LIMIT = { points: 5, seconds: 15 * 60 };

/** What the signed-in owner configures: the profile, the password, and the security activity list. */
export class ProfileService {
  constructor(private readonly deps: AccountsDeps) {}

  /** Changes only the fields given; `displayName: null` clears the name. */
  async updateProfile(principal: Principal, changes: ProfileChanges): Promise<Account> {
    requireScope(principal, 'account');
    const { accountId } = principal;
    const { repo, clock } = this.deps;
    const now = clock.now();
    if (changes.region !== undefined) checkRegion(changes.region);
    if (changes.birthDate !== undefined) checkBirthDate(changes.birthDate, now);
    await repo.updateAccount(accountId, {
      ...(changes.displayName === undefined ? {} : { display_name: changes.displayName }),
      ...(changes.region === undefined ? {} : { region: changes.region }),
      ...(changes.locale === undefined ? {} : { locale: changes.locale }),
      ...(changes.birthDate === undefined ? {} : { birth_date: changes.birthDate }),
      updated_at: now,
    });
    const account = await repo.getAccount(accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    return presentAccount(account, await repo.listIdentifiers(accountId));
  }

  /**
   * Replaces the password when the current one is right. The sessions of every other browser and
   * device end, and every other remembered browser and device is forgotten; this one stays signed in. The owner is told at every verified e-mail and phone.
   */
  async changePassword(
    principal: Principal,
    request: ChangePasswordRequest,
    context: RequestContext,
    browserToken?: string,
  ): Promise<void> {
    requireScope(principal, 'account');
    const { repo, clock, limits, passwords } = this.deps;
    const account = await repo.getAccount(principal.accountId);
    if (account === undefined) throw notFound('This account does not exist.');
    const identifiers = await repo.listIdentifiers(account.id);
    const problems = await passwords.check(request.newPassword, passwordIdentifiers(identifiers));
    if (problems.length > 0) throw weakPassword(problems);
    await limits.consume('password-change:account', PASSWORD_CHANGE_LIMIT, account.id);
    const right =
      account.password_hash === null
        ? await dummyVerify(request.currentPassword)
        : await verifyPassword(account.password_hash, request.currentPassword);
    if (!right) throw new AppError('invalid_credentials', 'The current password is not right.');
    const passwordHash = await hashPassword(request.newPassword);
    const now = clock.now();
    await transact(this.deps.db, async (trx) => {
      const repo = new AccountsRepo(trx);
      await repo.updateAccount(account.id, { password_hash: passwordHash, updated_at: now });
      // A reset link asked for earlier must not undo this change.
      await repo.consumeOpenVerifications(account.id, 'password_reset', now);
      const sessions = new SessionsRepo(trx);
      await sessions.revokeAllBut(account.id, principal.sessionId, now);
      // Whoever knew the old password may have had a browser or phone remembered: all forgotten
      // but this browser, so the new password alone does not let them in without a code.
      await sessions.forgetTrustedBrowsers(account.id, browserToken === undefined ? null : hashToken(browserToken));
      await recordSecurityEvent(repo, account.id, 'password_changed', context, now);
      await notifyPasswordChanged(this.deps, account, identifiers, trx);
    });
    await announceSessionsEnded(this.deps, account.id);
  }

  /** "Security activity": newest first, with the browser and system each event came from. */
  async securityEvents(principal: Principal, limit: number): Promise<SecurityEvent[]> {
    requireScope(principal, 'account');
    const rows = await this.deps.repo.listSecurityEvents(principal.accountId, limit);
    return rows.map((row) => {
      return {
        id: row.id,
        type: row.type,
        ip: row.ip,
        device: describeUserAgent(row.user_agent),
        createdAt: new Date(row.created_at).toISOString(),
        details: row.details === null ? null : (JSON.parse(row.details) as SecurityEvent['details']),
      };
    });
  }
}

/** The account's e-mail and phone, which a new password must not repeat. */
export function passwordIdentifiers(identifiers: IdentifierRow[]): PasswordIdentifiers {
  return {
    email: identifiers.find((item) => item.kind === 'email')?.value ?? null,
    phone: identifiers.find((item) => item.kind === 'phone')?.value ?? null,
  };
}

/** Tells the owner at every verified e-mail and phone that the password changed, in the same transaction. */
export async function notifyPasswordChanged(
  deps: Pick<AccountsDeps, 'outbound' | 'config'>,
  account: AccountRow,
  identifiers: IdentifierRow[],
  db: Db,
): Promise<void> {
  const locale = resolveLocale(account.locale);
  const params = { link: `${deps.config.publicUrl}/recover` };
  for (const identifier of identifiers) {
    if (identifier.verified_at === null) continue;
    if (identifier.kind === 'email') {
      await deps.outbound.sendMail({ to: identifier.value, template: 'password_changed', locale, params, db });
    } else {
      await deps.outbound.sendSms({ to: identifier.value, template: 'password_changed', locale, params, db });
    }
  }
}
