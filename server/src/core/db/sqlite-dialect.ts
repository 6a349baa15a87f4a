import type SQLite from 'better-sqlite3';
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
import { WalFlusher } from './wal-flusher.js';

/** How many prepared statements a connection keeps: every query the app writes, with room to spare. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite dialect with changes that matter when several processes share one file (the
 * server, `nimbus admin migrate`, a second server started by mistake):
 *
 * - Transactions begin IMMEDIATE: the write lock is taken up front, so a transaction never reads
 *   a snapshot that another writer then invalidates (SQLITE_BUSY_SNAPSHOT); a second writer waits
 *   (busy_timeout) instead of failing halfway.
 * - DDL counts as transactional, as it is in SQLite: migrations run inside one transaction, and
 *   two processes migrating at once apply each migration exactly once.
 *
 * And two for speed:
 * - prepared statements are kept and reused by their SQL text (Kysely prepares every query anew,
 *   and preparing costs as much as running a small query: SQLite reads the schema cookie under a
 *   lock each time);
 * - a commit's fsync runs off the event loop (see WalFlusher): the connection is released when the
 *   commit is written, and the query resolves when it is durable.
 */
export class NimbusSqliteDialect extends SqliteDialect {
  private readonly statements: StatementCache;
  private readonly flusher: WalFlusher;

  /** `connection` runs in WAL mode with `synchronous = NORMAL`; its commits are flushed here. */
  constructor(connection: SQLite.Database) {
    const statements = new StatementCache(connection);
    super({ database: statements });
    this.statements = statements;
    this.flusher = new WalFlusher(`${connection.name}-wal`);
  }

  override createDriver(): Driver {
    return new DurableCommitDriver({ database: this.statements }, this.statements, this.flusher);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class DurableCommitDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly statements: StatementCache,
    private readonly flusher: WalFlusher,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * Kysely releases the connection after a query that ran on its own, or after a transaction's
   * commit (or rollback): if it wrote, the next query may run at once, and this one's caller waits
   * for the write to be durable.
   */
  override async releaseConnection(): Promise<void> {
    const wrote = this.statements.takeWrites();
    await super.releaseConnection();
    if (wrote) await this.flusher.flush();
  }

  override async destroy(): Promise<void> {
    await this.flusher.close();
    await super.destroy();
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * The connection as Kysely's driver uses it, with a bounded, least-recently-used cache of prepared
 * statements, noting whether anything was written since it was last asked. Reuse is safe: Kysely
 * runs one query at a time on the one connection, and a statement re-prepares itself when the
 * schema changes. A streamed query (iterate) gets a statement of its own, as a cached one could be
 * asked to run again while the stream is still reading from it.
 */
export class StatementCache implements SqliteDatabase {
  private readonly statements = new Map<string, SqliteStatement>();
  private wrote = false;

  constructor(
    private readonly connection: SQLite.Database,
    private readonly size = STATEMENT_CACHE_SIZE,
  ) {}

  /** Whether a write is waiting to be made durable, now that no transaction is open; forgets it. */
  takeWrites(): boolean {
    if (!this.wrote || this.connection.inTransaction) return false;
    this.wrote = false;
    return true;
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }

  prepare(sql: string): SqliteStatement {
    const known = this.statements.get(sql);
    if (known !== undefined) {
      // Most recently used last: the first entry is the one to drop.
      this.statements.delete(sql);
      this.statements.set(sql, known);
      return known;
    }
    const statement = this.connection.prepare(sql);
    // COMMIT counts as read-only in SQLite; what it commits was noted when it was written.
    const writes = !statement.readonly;
    const cached: SqliteStatement = {
      reader: statement.reader,
      all: (parameters) => {
        const rows = statement.all(parameters);
        if (writes) this.wrote = true;
        return rows;
      },
      run: (parameters) => {
        const result = statement.run(parameters);
        if (writes) this.wrote = true;
        return result;
      },
      iterate: (parameters) => this.connection.prepare(sql).iterate(parameters),
    };
    this.statements.set(sql, cached);
    if (this.statements.size > this.size) this.dropOldest();
    return cached;
  }

  private dropOldest(): void {
    for (const key of this.statements.keys()) {
      this.statements.delete(key);
      return;
    }
  }
}
