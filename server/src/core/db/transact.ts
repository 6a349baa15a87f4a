import type { Db } from './database.js';

/**
 * Runs `work` in one transaction and hands it the transaction, which `work` passes to every repo
 * (of any module) whose writes must commit with it. Given a transaction already, `work` joins it:
 * a service called inside another module's transaction commits or rolls back with that one, never
 * on its own. The only way Nimbus starts a transaction.
 */
export function transact<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
