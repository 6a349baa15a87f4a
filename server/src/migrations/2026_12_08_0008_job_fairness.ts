import { sql, type Kysely } from 'kysely';

// Jobs take turns between accounts: each job gets the account it works for and its place in its
// queue's fair order (see JobQueue). Jobs already queued keep their order: their place is their time.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('account_id', 'text').execute();
  // SQLite adds a NOT NULL column only with a default; every insert sets it anyway.
  await db.schema
    .alterTable('jobs')
    .addColumn('fair_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`update jobs set fair_at = run_at`.execute(db);
  // A claim walks one kind's queued jobs in their fair order and stops after a few rows. It replaces
  // the index by time, which SQLite would otherwise prefer, sorting the whole backlog on each claim.
  await db.schema.dropIndex('jobs_status_run_at').execute();
  await db.schema.createIndex('jobs_fair_order').on('jobs').columns(['name', 'status', 'fair_at', 'run_at']).execute();
  // Where an account's next job goes: after its last one still queued or running. Done jobs stay
  // out of the index, however many an account has.
  await db.schema
    .createIndex('jobs_fair_tail')
    .on('jobs')
    .columns(['account_id', 'name', 'fair_at'])
    .where(sql.ref('status'), 'in', [sql.lit('queued'), sql.lit('running')])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_fair_tail').execute();
  await db.schema.dropIndex('jobs_fair_order').execute();
  await db.schema.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema.alterTable('jobs').dropColumn('fair_at').execute();
  await db.schema.alterTable('jobs').dropColumn('account_id').execute();
}
