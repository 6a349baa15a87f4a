import type { Kysely } from 'kysely';

// Only text, integer and bigint columns, as in 0001: times are epoch milliseconds in bigint columns.

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account that has been sent a new-device code or alerted: the daily budgets are
  // counted here, in one row, so that a single UPDATE can check and count them atomically.
  await db.schema
    .createTable('sign_in_guards')
    .addColumn('account_id', 'text', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('window_started_at', 'bigint', (col) => col.notNull())
    .addColumn('codes_sent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('wrong_codes', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('alerted_at', 'bigint')
    .execute();

  // Wrong passwords by login as typed, whether or not it names an account: the same write for
  // both, so that a failure for a real account takes no longer to answer than one for nobody.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('login_key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('last_failed_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_last_failed_at')
    .on('sign_in_failures')
    .column('last_failed_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('sign_in_guards').execute();
}
