import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { NimbusSqliteDialect } from './sqlite-dialect.js';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.js';
import type { Tables } from './tables.js';

export type Db = Kysely<Tables>;
export type Dialect = DatabaseConfig['kind'];

export interface Database {
  readonly db: Db;
  readonly dialect: Dialect;
  /** For /readyz: a round trip to the database. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database named by the configuration. Times and counters are stored as 64-bit integers
 * (epoch milliseconds) on both databases; they are read back as JS numbers, exact up to 2^53.
 */
export function openDatabase(
  config: DatabaseConfig,
  onConnectionError: (error: Error) => void = (error) => process.emitWarning(error),
): Database {
  const db = config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, onConnectionError);
  return {
    db,
    dialect: config.kind,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

function openSqlite(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SQLite(file);
  // WAL lets readers run beside the one writer. NORMAL leaves a commit's fsync to the dialect, which
  // runs it off the event loop before the commit is acknowledged: every acknowledged commit survives
  // power loss, as with FULL, without stopping the server for each one.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not left in free pages: a purged account leaves nothing in the file.
  connection.pragma('secure_delete = ON');
  connection.pragma('busy_timeout = 5000');
  return new Kysely<Tables>({ dialect: new NimbusSqliteDialect(connection) });
}

function openPostgres(url: string, onConnectionError: (error: Error) => void): Db {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle connection that the server drops (restart, failover) is reported here; unhandled, it
  // would end the process. The pool replaces it on the next query.
  pool.on('error', onConnectionError);
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}
