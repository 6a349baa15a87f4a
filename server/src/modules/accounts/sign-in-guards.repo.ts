import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { DAY } from '../../core/time.js';

export type GuardBudget = 'codes_sent' | 'wrong_codes';

/**
 * SQL of the per-account sign-in guards: daily budgets of new-device codes sent and wrong codes
 * typed, and when the owner was last told about failed sign-ins. Each check-and-count is one
 * UPDATE on one row, so parallel requests cannot all see "one left" (a read then a write would).
 */
export class SignInGuardsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Counts one use of a daily budget of `max`, in a window that starts with the first use and lasts
   * a day. Returns null when counted, or when the budget frees up again if it is used up.
   */
  async take(accountId: string, budget: GuardBudget, max: number, now: number): Promise<number | null> {
    await this.ensure(accountId, now);
    const other: GuardBudget = budget === 'codes_sent' ? 'wrong_codes' : 'codes_sent';
    const ended = sql<boolean>`window_started_at <= ${now - DAY}`;
    const result = await this.db
      .updateTable('sign_in_guards')
      .set({
        [budget]: sql<number>`CASE WHEN ${ended} THEN 1 ELSE ${sql.ref(budget)} + 1 END`,
        [other]: sql<number>`CASE WHEN ${ended} THEN 0 ELSE ${sql.ref(other)} END`,
        window_started_at: sql<number>`CASE WHEN ${ended} THEN ${now} ELSE window_started_at END`,
      })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('window_started_at', '<=', now - DAY), eb(budget, '<', max)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return null;
    const row = await this.db
      .selectFrom('sign_in_guards')
      .select('window_started_at')
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.window_started_at + DAY;
  }

  /** When a used-up budget frees up again, or null while some of it is left. */
  async exhaustedUntil(accountId: string, budget: GuardBudget, max: number, now: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('sign_in_guards')
      .select(['window_started_at', budget])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (row === undefined) return null;
    const startedAt = row.window_started_at;
    if (startedAt <= now - DAY) return null;
    return (row as Record<GuardBudget, number>)[budget] >= max ? startedAt + DAY : null;
  }

  /** Gives back one wrong-code use: it was counted before the code was compared, and the code was right. */
  async giveBackWrongCode(accountId: string): Promise<void> {
    await this.db
      .updateTable('sign_in_guards')
      .set({ wrong_codes: sql<number>`wrong_codes - 1` })
      .where('account_id', '=', accountId)
      .where('wrong_codes', '>', 0)
      .execute();
  }

  /** Starts both budgets over: the password changed, so whoever spent them no longer has it. */
  async restart(accountId: string, now: number): Promise<void> {
    await this.db
      .updateTable('sign_in_guards')
      .set({ codes_sent: 0, wrong_codes: 0, window_started_at: now })
      .where('account_id', '=', accountId)
      .execute();
  }

  /** True for the first call in a day: whoever gets it mails the owner about failed sign-ins. */
  async claimAlert(accountId: string, now: number): Promise<boolean> {
    await this.ensure(accountId, now);
    const result = await this.db
      .updateTable('sign_in_guards')
      .set({ alerted_at: now })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('alerted_at', 'is', null), eb('alerted_at', '<=', now - DAY)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Counts a wrong password for a login as typed and returns the count; a day without one starts
   * it over, and logins quiet for a day are forgotten. The same statements whether or not the
   * login names an account.
   */
  async recordFailure(loginKey: string, now: number): Promise<number> {
    await this.db
      .deleteFrom('sign_in_failures')
      .where('last_failed_at', '<=', now - DAY)
      .execute();
    const row = await this.db
      .insertInto('sign_in_failures')
      .values({ login_key: loginKey, failures: 1, last_failed_at: now })
      .onConflict((oc) =>
        oc.column('login_key').doUpdateSet({
          failures: sql<number>`sign_in_failures.failures + 1`,
          last_failed_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    return row.failures;
  }

  private async ensure(accountId: string, now: number): Promise<void> {
    await this.db
      .insertInto('sign_in_guards')
      .values({ account_id: accountId, window_started_at: now, codes_sent: 0, wrong_codes: 0, alerted_at: null })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }
}
