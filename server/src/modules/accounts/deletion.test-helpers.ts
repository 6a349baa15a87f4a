import { sql } from 'kysely';
import type { Db, Dialect } from '../../core/db/database.js';

/** Every table of the database, read from the database itself, except Kysely's migration bookkeeping. */
export async function listTables(db: Db, dialect: Dialect): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  const rows = (await query.execute(db)).rows;
  return rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith('kysely_migration'))
    .sort();
}

export interface DumpedRow {
  table: string;
  id: unknown;
  /** The whole row as JSON, lower-cased, for searching. */
  text: string;
}

/** Each row of each table, serialized. */
export async function dumpRows(db: Db, tables: string[]): Promise<DumpedRow[]> {
  const dumped: DumpedRow[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) dumped.push({ table, id: row.id, text: JSON.stringify(row).toLowerCase() });
  }
  return dumped;
}

/**
 * The rows that mention any of `seeds`, and, transitively, any row that mentions one of those
 * rows' ids (a refresh token names its session, not its account). Returns the rows and every
 * value that led to them.
 */
export async function rowsOf(
  db: Db,
  tables: string[],
  seeds: string[],
): Promise<{ rows: DumpedRow[]; needles: string[] }> {
  const needles = new Set(seeds.map((seed) => seed.toLowerCase()));
  for (;;) {
    const rows = (await dumpRows(db, tables)).filter((row) => [...needles].some((needle) => row.text.includes(needle)));
    const size = needles.size;
    for (const row of rows) if (typeof row.id === 'string') needles.add(row.id.toLowerCase());
    if (needles.size === size) return { rows, needles: [...needles] };
  }
}
