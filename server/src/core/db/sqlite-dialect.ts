import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SQLite dialect with two changes that matter when several processes share one file
 * (the server, `nimbus admin migrate`, a second server started by mistake):
 *
 * - Transactions begin IMMEDIATE: the write lock is taken up front, so a transaction never reads
 *   a snapshot that another writer then invalidates (SQLITE_BUSY_SNAPSHOT); a second writer waits
 *   (busy_timeout) instead of failing halfway.
 * - DDL counts as transactional, as it is in SQLite: migrations run inside one transaction, and
 *   two processes migrating at once apply each migration exactly once.
 */
export class NimbusSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.settings);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
