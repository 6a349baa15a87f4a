import type { Kysely } from 'kysely';

// Devices (phones, the nimbus CLI) sign in with a short-lived access token and a refresh token
// that is replaced at every use. A device session is a row of sessions (kind 'device') whose
// token_hash is its current access token; its refresh tokens hang off it, so revoking the session
// ends the whole family.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('access_expires_at', 'bigint').execute();
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refresh_tokens').execute();
  await db.schema.alterTable('sessions').dropColumn('access_expires_at').execute();
}
