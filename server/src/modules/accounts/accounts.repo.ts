import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type {
  AccountIdentifiersTable,
  AccountsTable,
  IdentifierKind,
  SecurityEventsTable,
  VerificationsTable,
} from './accounts.tables.js';

export type AccountRow = Selectable<AccountsTable>;
export type IdentifierRow = Selectable<AccountIdentifiersTable>;
export type VerificationRow = Selectable<VerificationsTable>;

/** SQL of accounts, their identifiers, verifications and security events. */
export class AccountsRepo {
  constructor(private readonly db: Db) {}

  async insertAccount(account: Insertable<AccountsTable>): Promise<void> {
    await this.db.insertInto('accounts').values(account).execute();
  }

  async numberTaken(number: string): Promise<boolean> {
    return (
      (await this.db.selectFrom('accounts').select('id').where('number', '=', number).executeTakeFirst()) !== undefined
    );
  }

  getAccount(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getAccountByNumber(number: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('number', '=', number).executeTakeFirst();
  }

  async updateAccount(id: string, changes: Partial<Omit<AccountsTable, 'id'>>): Promise<void> {
    await this.db.updateTable('accounts').set(changes).where('id', '=', id).execute();
  }

  /** Removes the account and, by cascade, everything that hangs off it. */
  async deleteAccount(id: string): Promise<void> {
    await this.db.deleteFrom('accounts').where('id', '=', id).execute();
  }

  async insertIdentifier(identifier: Insertable<AccountIdentifiersTable>): Promise<void> {
    await this.db.insertInto('account_identifiers').values(identifier).execute();
  }

  findIdentifier(kind: IdentifierKind, value: string): Promise<IdentifierRow | undefined> {
    return this.db
      .selectFrom('account_identifiers')
      .selectAll()
      .where('kind', '=', kind)
      .where('value', '=', value)
      .executeTakeFirst();
  }

  listIdentifiers(accountId: string): Promise<IdentifierRow[]> {
    return this.db
      .selectFrom('account_identifiers')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
  }

  async markIdentifierVerified(id: string, now: number): Promise<void> {
    await this.db.updateTable('account_identifiers').set({ verified_at: now }).where('id', '=', id).execute();
  }

  async insertVerification(verification: Insertable<VerificationsTable>): Promise<void> {
    await this.db.insertInto('verifications').values(verification).execute();
  }

  getVerification(id: string): Promise<VerificationRow | undefined> {
    return this.db.selectFrom('verifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVerificationBySecret(secretHash: string): Promise<VerificationRow | undefined> {
    return this.db.selectFrom('verifications').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
  }

  /** The newest unconsumed verification of a purpose for an account, if any. */
  latestOpenVerification(accountId: string, purpose: VerificationRow['purpose']): Promise<VerificationRow | undefined> {
    return this.db
      .selectFrom('verifications')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /**
   * Takes one try of an open verification before its code is compared, in one statement: the new
   * count, or undefined when no try is left (or it was consumed or expired meanwhile). A read
   * then a write would let parallel guesses all see "a try left".
   */
  async claimCodeAttempt(id: string, maxAttempts: number, now: number): Promise<number | undefined> {
    const row = await this.db
      .updateTable('verifications')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('attempts')
      .executeTakeFirst();
    return row?.attempts;
  }

  /** Consumes the verification once: false when someone else consumed it first. */
  async consumeVerification(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('verifications')
      .set({ consumed_at: now })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async replaceVerificationSecret(id: string, secretHash: string, changes: Partial<VerificationRow>): Promise<void> {
    await this.db
      .updateTable('verifications')
      .set({ ...changes, secret_hash: secretHash })
      .where('id', '=', id)
      .execute();
  }

  async insertSecurityEvent(event: Insertable<SecurityEventsTable>): Promise<void> {
    await this.db.insertInto('security_events').values(event).execute();
  }

  listSecurityEvents(accountId: string, limit: number) {
    return this.db
      .selectFrom('security_events')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Schedules the deletion of an active account; false when it is not active (already scheduled). */
  async scheduleDeletion(id: string, dueAt: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('accounts')
      .set({ status: 'deleting', deletion_due_at: dueAt, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Cancels a scheduled deletion while its grace period runs; false when none is pending or the
   * period has ended. Once it has, only the purge may touch the account, so nothing it removes
   * outside the database (blobs) can belong to an account that was cancelled meanwhile.
   */
  async cancelDeletion(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('accounts')
      .set({ status: 'active', deletion_due_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'deleting')
      .where('deletion_due_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Accounts whose grace period has ended, oldest first. */
  async listDueForPurge(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('status', '=', 'deleting')
      .where('deletion_due_at', '<=', now)
      .orderBy('deletion_due_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Deletes an account whose grace period has ended. Every table of the account references
   * accounts.id with ON DELETE CASCADE, so this one statement removes all its rows. False when it
   * is not (or no longer) due: another worker purged it first.
   */
  async deleteDueAccount(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('accounts')
      .where('id', '=', id)
      .where('status', '=', 'deleting')
      .where('deletion_due_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Ends every open verification of a purpose for the account (e.g. reset links once the password changed). */
  async consumeOpenVerifications(accountId: string, purpose: VerificationRow['purpose'], now: number): Promise<void> {
    await this.db
      .updateTable('verifications')
      .set({ consumed_at: now })
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .execute();
  }

  /** Removes accounts still waiting for activation that were created before `createdBefore`; returns how many. */
  async deleteStalePending(createdBefore: number): Promise<number> {
    const result = await this.db
      .deleteFrom('accounts')
      .where('status', '=', 'pending')
      .where('created_at', '<', createdBefore)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Puts a new, verified value in place of an identifier (a changed e-mail or phone). */
  async replaceIdentifierValue(id: string, value: string, now: number): Promise<void> {
    await this.db
      .updateTable('account_identifiers')
      .set({ value, verified_at: now, created_at: now })
      .where('id', '=', id)
      .execute();
  }
}
