import type { Kysely } from 'kysely';

// Only text, integer and bigint columns, as in 0001: times are epoch milliseconds in bigint columns.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The primary key makes redeeming a solved ALTCHA challenge an atomic insert-or-conflict.
  await db.schema
    .createTable('captcha_redemptions')
    .addColumn('signature_hash', 'text', (col) => col.primaryKey())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('captcha_redemptions_expires_at')
    .on('captcha_redemptions')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('captcha_images')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('answer_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('captcha_images_expires_at').on('captcha_images').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('captcha_images').execute();
  await db.schema.dropTable('captcha_redemptions').execute();
}
