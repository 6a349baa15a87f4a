import type { Kysely } from 'kysely';

// Media: each account's blobs (counted once however many items name them), the items of the gallery,
// recordings and files, the folders of files, uploads under way (their space is held), the account's
// usage counters, and blobs no account names any more (deleted from disk after a grace period).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_blobs')
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint', (col) => col.notNull())
    // How many of the account's items name it; the row goes with the last one.
    .addColumn('refs', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('media_blobs_pk', ['account_id', 'sha256'])
    .execute();
  await db.schema.createIndex('media_blobs_sha256').on('media_blobs').column('sha256').execute();

  await db.schema
    .createTable('blob_orphans')
    .addColumn('sha256', 'text', (col) => col.primaryKey())
    .addColumn('since', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('media_folders')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('parent_id', 'text')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('deleted_at', 'bigint')
    // The folder whose deletion took this one to the bin with it; null for what was deleted itself.
    .addColumn('trashed_with', 'text')
    .execute();
  await db.schema
    .createIndex('media_folders_parent')
    .on('media_folders')
    .columns(['account_id', 'parent_id', 'deleted_at'])
    .execute();

  await db.schema
    .createTable('media_items')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('section', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint', (col) => col.notNull())
    .addColumn('taken_at', 'bigint', (col) => col.notNull())
    // 'YYYY-MM' of taken_at in UTC: the timeline's buckets, counted from the index alone.
    .addColumn('taken_month', 'text', (col) => col.notNull())
    .addColumn('album', 'text')
    .addColumn('folder_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'bigint')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('title', 'text')
    .addColumn('call_number', 'text')
    .addColumn('thumbnail', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('trashed_with', 'text')
    .execute();
  await db.schema
    .createIndex('media_items_timeline')
    .on('media_items')
    .columns(['account_id', 'section', 'deleted_at', 'taken_at', 'id'])
    .execute();
  await db.schema
    .createIndex('media_items_months')
    .on('media_items')
    .columns(['account_id', 'section', 'deleted_at', 'taken_month', 'album'])
    .execute();
  await db.schema.createIndex('media_items_folder').on('media_items').columns(['account_id', 'folder_id']).execute();
  await db.schema.createIndex('media_items_sha256').on('media_items').columns(['account_id', 'sha256']).execute();
  await db.schema.createIndex('media_items_deleted').on('media_items').column('deleted_at').execute();

  await db.schema
    .createTable('media_uploads')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('size', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('media_uploads_account').on('media_uploads').column('account_id').execute();
  await db.schema.createIndex('media_uploads_expires').on('media_uploads').column('expires_at').execute();

  await db.schema
    .createTable('media_usage')
    .addColumn('account_id', 'text', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
    // Distinct blobs: what the quota counts.
    .addColumn('blobs', 'bigint', (col) => col.notNull().defaultTo(0))
    // Item sizes by where they are (an item named twice counts twice here, once in blobs).
    .addColumn('gallery', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('recordings', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('files', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('bin', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('recounted_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['media_usage', 'media_uploads', 'media_items', 'media_folders', 'blob_orphans', 'media_blobs']) {
    await db.schema.dropTable(table).execute();
  }
}
