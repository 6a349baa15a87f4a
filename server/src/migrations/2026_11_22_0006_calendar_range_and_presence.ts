import { sql, type Kysely } from 'kysely';

// Calendar items get the time they end (far future for a repeating one), so a month view reads only
// the events that touch it; devices get the time until which their stream counts as connected.

interface CalendarRow {
  account_id: string;
  id: string;
  projection: string | null;
}

/**
 * The end of an item for range queries: its end (or start), or the far future when it repeats.
 * A copy of the rule in the sync payloads, frozen here as a migration must be.
 */
function calendarEndKey(projection: { start: string; end: string | null; recurrence: string | null }): string {
  return projection.recurrence === null ? (projection.end ?? projection.start) : '9999-12-31';
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('records')
    .addColumn('end_key', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('devices').addColumn('stream_until', 'bigint').execute();

  const rows =
    await sql<CalendarRow>`select account_id, id, projection from records where category = 'calendar'`.execute(db);
  for (const row of rows.rows) {
    if (row.projection === null) continue;
    const projection = JSON.parse(row.projection) as Parameters<typeof calendarEndKey>[0];
    await sql`update records set end_key = ${calendarEndKey(projection)} where account_id = ${row.account_id} and id = ${row.id}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('stream_until').execute();
  await db.schema.alterTable('records').dropColumn('end_key').execute();
}
