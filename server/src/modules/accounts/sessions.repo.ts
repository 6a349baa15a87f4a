import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { PreparedQuery } from '../../core/db/prepared.js';
import { DAY, HOUR, MINUTE } from '../../core/time.js';
import type { RefreshTokensTable, SessionsTable, TrustedBrowsersTable } from './accounts.tables.js';

export type SessionRow = Selectable<SessionsTable>;

/**
 * A remembered browser or device unused this long is forgotten: signing in from it asks for the
 * new-device code again. Sliding: each sign-in through it moves its "last used" (at most once a minute).
 */
export const REMEMBERED_TTL_MS = 90 * DAY;

// Every authenticated request asks one of these: compiled once (see PreparedQuery).
const FIND_LIVE = new PreparedQuery((db, tokenHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', 'web')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now),
);
const FIND_LIVE_ACCESS = new PreparedQuery((db, tokenHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .selectAll()
    .where('kind', '=', 'device')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('access_expires_at', '>', now)
    .where('expires_at', '>', now),
);

/** SQL of sessions and remembered browsers. */
export class SessionsRepo {
  constructor(private readonly db: Db) {}

  async insert(session: Insertable<SessionsTable>): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  /**
   * The live browser session holding this token hash, if any. Only web sessions: a device's access
   * token is kept in the same column, and must not pass as a cookie (nor outlive its 15 minutes).
   */
  findLive(tokenHash: string, now: number): Promise<SessionRow | undefined> {
    return FIND_LIVE.executeTakeFirst(this.db, tokenHash, now);
  }

  listLive(accountId: string, now: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_used_at', 'desc')
      .execute();
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** Revokes one session of the account; false when there is no such live session of it. */
  async revoke(accountId: string, id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Revokes every session of the account except `keepId`; returns how many. */
  async revokeAllBut(accountId: string, keepId: string | null, now: number): Promise<number> {
    let query = this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null);
    if (keepId !== null) query = query.where('id', '<>', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async insertTrustedBrowser(browser: Insertable<TrustedBrowsersTable>): Promise<void> {
    await this.db.insertInto('trusted_browsers').values(browser).execute();
  }

  /**
   * Whether the account remembers this browser (or device) and it was used within REMEMBERED_TTL_MS;
   * its "last used", which keeps it remembered, moves at most once a minute.
   */
  async isTrustedBrowser(accountId: string, tokenHash: string, now: number): Promise<boolean> {
    const browser = await this.db
      .selectFrom('trusted_browsers')
      .select(['id', 'last_used_at'])
      .where('account_id', '=', accountId)
      .where('token_hash', '=', tokenHash)
      .where('last_used_at', '>', now - REMEMBERED_TTL_MS)
      .executeTakeFirst();
    if (browser === undefined) return false;
    if (now - browser.last_used_at > MINUTE) {
      await this.db.updateTable('trusted_browsers').set({ last_used_at: now }).where('id', '=', browser.id).execute();
    }
    return true;
  }

  /** The id of the remembered browser holding this token, to note on the session it opens. */
  async trustedBrowserId(accountId: string, tokenHash: string): Promise<string | null> {
    const browser = await this.db
      .selectFrom('trusted_browsers')
      .select('id')
      .where('account_id', '=', accountId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return browser?.id ?? null;
  }

  /**
   * Forgets every remembered browser and device of the account but the one holding `keepTokenHash`
   * (the browser making the change): from now on each of them asks for the new-device code.
   */
  async forgetTrustedBrowsers(accountId: string, keepTokenHash: string | null): Promise<void> {
    let query = this.db.deleteFrom('trusted_browsers').where('account_id', '=', accountId);
    if (keepTokenHash !== null) query = query.where('token_hash', '<>', keepTokenHash);
    await query.execute();
  }

  /**
   * A device refreshing its tokens uses its trust too: moved at most once an hour (a refresh comes
   * every 15 minutes), and never brought back once forgotten.
   */
  async touchTrust(trustedBrowserId: string, now: number): Promise<void> {
    await this.db
      .updateTable('trusted_browsers')
      .set({ last_used_at: now })
      .where('id', '=', trustedBrowserId)
      .where('last_used_at', '<', now - HOUR)
      .where('last_used_at', '>', now - REMEMBERED_TTL_MS)
      .execute();
  }

  /** Forgets the remembered browser or device a session came in with (a removed phone, a revoked session). */
  async forgetTrustOfSession(accountId: string, sessionId: string): Promise<void> {
    const session = await this.db
      .selectFrom('sessions')
      .select('trusted_browser_id')
      .where('id', '=', sessionId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const trustedId = session?.trusted_browser_id ?? null;
    if (trustedId === null) return;
    await this.db
      .deleteFrom('trusted_browsers')
      .where('id', '=', trustedId)
      .where('account_id', '=', accountId)
      .execute();
  }

  /** The live device session whose current access token this is. */
  findLiveAccess(tokenHash: string, now: number): Promise<SessionRow | undefined> {
    return FIND_LIVE_ACCESS.executeTakeFirst(this.db, tokenHash, now);
  }

  async insertRefreshToken(token: Insertable<RefreshTokensTable>): Promise<void> {
    await this.db.insertInto('refresh_tokens').values(token).execute();
  }

  findRefreshToken(tokenHash: string) {
    return this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Marks a refresh token used; false when it already was (a replay, or a race lost to a twin request). */
  async useRefreshToken(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  getSession(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async rotateAccess(
    id: string,
    tokenHash: string,
    now: number,
    accessExpiresAt: number,
    expiresAt: number,
  ): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ token_hash: tokenHash, access_expires_at: accessExpiresAt, expires_at: expiresAt, last_used_at: now })
      .where('id', '=', id)
      .execute();
  }
}
