import type { Kysely } from 'kysely';

// Devices of an account, their per-category sync switches and commands; the synced records with
// the account's modification sequence, and the receipts that make a repeated push harmless.
// Everything hangs off accounts.id with ON DELETE CASCADE, as the accounts tables do.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    // The device session it registered from; a new sign-in of the same phone re-registers.
    .addColumn('session_id', 'text', (col) => col.references('sessions.id').onDelete('set null'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('os', 'text', (col) => col.notNull())
    .addColumn('os_version', 'text', (col) => col.notNull())
    .addColumn('app_version', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema.createIndex('devices_account').on('devices').column('account_id').execute();
  await db.schema.createIndex('devices_session').on('devices').column('session_id').unique().execute();

  await db.schema
    .createTable('device_sync')
    .addColumn('device_id', 'text', (col) => col.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('last_sync_at', 'bigint')
    .addPrimaryKeyConstraint('device_sync_pk', ['device_id', 'category'])
    .execute();

  await db.schema
    .createTable('device_commands')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (col) => col.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('result', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('device_commands_device')
    .on('device_commands')
    .columns(['device_id', 'status'])
    .execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('account_id', 'text', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
    // The last modification sequence number handed out; every change takes the next one.
    .addColumn('modseq', 'bigint', (col) => col.notNull().defaultTo(0))
    // Tombstones up to this number were pruned: a cursor below it cannot be served any more.
    .addColumn('pruned_through', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('records')
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('etag', 'text', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    // JSON of the category's data; kept on a deleted record while it is in the recycle bin.
    .addColumn('data', 'text')
    .addColumn('projection', 'text')
    // Lower-cased words for search; what lists sort by (a name, or an ISO time that sorts as text);
    // what they group by (a message's thread).
    .addColumn('search', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('sort_key', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('group_key', 'text')
    // 1 for a message not read yet: threads count them.
    .addColumn('unread', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('size', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('records_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('records_feed').on('records').columns(['account_id', 'category', 'version']).execute();
  await db.schema
    .createIndex('records_list')
    .on('records')
    .columns(['account_id', 'category', 'deleted', 'sort_key', 'id'])
    .execute();

  await db.schema
    .createIndex('records_groups')
    .on('records')
    .columns(['account_id', 'category', 'deleted', 'group_key'])
    .execute();

  await db.schema
    .createTable('push_receipts')
    .addColumn('device_id', 'text', (col) => col.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('record_id', 'text', (col) => col.notNull())
    .addColumn('base_version', 'bigint', (col) => col.notNull())
    .addColumn('op', 'text', (col) => col.notNull())
    .addColumn('data_hash', 'text', (col) => col.notNull())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('etag', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('push_receipts_pk', ['device_id', 'record_id', 'base_version'])
    .execute();
  await db.schema.createIndex('push_receipts_created').on('push_receipts').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['push_receipts', 'records', 'sync_state', 'device_commands', 'device_sync', 'devices']) {
    await db.schema.dropTable(table).execute();
  }
}
