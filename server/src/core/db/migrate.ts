import { Migrator, type MigrationResult, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

function migratorFor(db: Db): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: 'nimbus_migrations',
    migrationLockTableName: 'nimbus_migrations_lock',
  });
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

/**
 * Applies every pending migration in name order, each once and inside its own transaction;
 * a lock keeps two processes starting together from racing. Returns the names it applied.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result: MigrationResult) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** Names of migrations not yet applied to this database. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}
