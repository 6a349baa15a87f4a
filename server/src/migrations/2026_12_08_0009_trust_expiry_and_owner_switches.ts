import type { Kysely } from 'kysely';

// A session remembers the trusted browser or device it came in with, so that removing a device (or
// revoking its session) also forgets that trust: signing in from it again asks for the code.
// A category switch remembers who switched it off: what the owner switched off in the portal, the
// device cannot switch on again by itself.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('trusted_browser_id', 'text').execute();
  await db.schema
    .alterTable('device_sync')
    .addColumn('off_by_owner', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('device_sync').dropColumn('off_by_owner').execute();
  await db.schema.alterTable('sessions').dropColumn('trusted_browser_id').execute();
}
