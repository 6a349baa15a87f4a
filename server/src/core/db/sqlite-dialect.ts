import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';

/** How many prepared statements a connection keeps: every query the app writes, with room to spare. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite dialect with two changes that matter when several processes share one file
 * (the server, `nimbus admin migrate`, a second server started by mistake):
 *
 * - Transactions begin IMMEDIATE: the write lock is taken up front, so a transaction never reads
 *   a snapshot that another writer then invalidates (SQLITE_BUSY_SNAPSHOT); a second writer waits
 *   (busy_timeout) instead of failing halfway.
 * - DDL counts as transactional, as it is in SQLite: migrations run inside one transaction, and
 *   two processes migrating at once apply each migration exactly once.
 *
 * And one for speed: prepared statements are kept and reused by their SQL text (Kysely prepares
 * every query anew, and preparing costs as much as running a small query: SQLite reads the schema
 * cookie under a lock each time).
 */
export class NimbusSqliteDialect extends SqliteDialect {
  private readonly settings: SqliteDialectConfig;

  constructor(settings: SqliteDialectConfig) {
    const database =
      typeof settings.database === 'function' ? settings.database : withStatementCache(settings.database);
    super({ ...settings, database });
    this.settings = { ...settings, database };
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

/**
 * The database with a bounded, least-recently-used cache of prepared statements. Reuse is safe:
 * Kysely runs one query at a time on the one connection, and a statement re-prepares itself when
 * the schema changes. A streamed query (iterate) gets a statement of its own, as a cached one could
 * be asked to run again while the stream is still reading from it.
 */
export function withStatementCache(database: SqliteDatabase, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const known = statements.get(sql);
      if (known !== undefined) {
        // Most recently used last: the first entry is the one to drop.
        statements.delete(sql);
        statements.set(sql, known);
        return known;
      }
      const statement = database.prepare(sql);
      const cached: SqliteStatement = {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => database.prepare(sql).iterate(parameters),
      };
      statements.set(sql, cached);
      if (statements.size > size) dropOldest(statements);
      return cached;
    },
  };
}

function dropOldest(map: Map<string, unknown>): void {
  for (const key of map.keys()) {
    map.delete(key);
    return;
  }
}
