import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, runTs, type TestDatabase, testDialects } from '../../test/index.js';
import { migrations } from '../../migrations/index.js';
import { openDatabase, type Db } from './database.js';
import { transact } from './transact.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';

describe.each(testDialects())('the database on %s', (dialect) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterAll(() => testDb.destroy());

  it('applies every migration once, in name order, even when two processes start together', async () => {
    const fixture = fileURLToPath(new URL('./migrate.fixture.ts', import.meta.url));
    const probe = openDatabase(testDb.config);
    try {
      expect(await pendingMigrations(probe.db)).toEqual(Object.keys(migrations).sort());
      const startAt = String(Date.now() + 5_000);
      const runs = await Promise.all([
        runTs(fixture, [testDb.config.url, startAt]),
        runTs(fixture, [testDb.config.url, startAt]),
      ]);
      for (const run of runs) expect(run.stderr).toBe('');
      const applied = runs.flatMap((run) => JSON.parse(run.stdout) as string[]);
      expect(applied).toEqual(Object.keys(migrations).sort());
      expect(await pendingMigrations(probe.db)).toEqual([]);
      expect(await migrateToLatest(probe.db)).toEqual([]);
    } finally {
      await probe.close();
    }
  });

  it('reads 64-bit times back as numbers', async () => {
    const database = await testDb.open();
    try {
      const at = Date.UTC(2030, 5, 1, 12, 30, 45, 678);
      await database.db
        .insertInto('outbox_messages')
        .values({ id: 'x', channel: 'mail', recipient: 'a@b.c', subject: null, text: 't', html: null, created_at: at })
        .execute();
      const row = await database.db.selectFrom('outbox_messages').select('created_at').executeTakeFirstOrThrow();
      expect(row.created_at).toBe(at);
    } finally {
      await database.close();
    }
  });

  it('rolls a failed transaction back whole', async () => {
    const database = await testDb.open();
    try {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('job_schedules')
            .values({ name: 'rolled-back', cron: '* * * * *', next_run_at: 1, updated_at: 1 })
            .execute();
          await trx
            .insertInto('job_schedules')
            .values({ name: 'rolled-back', cron: '* * * * *', next_run_at: 1, updated_at: 1 })
            .execute();
        }),
      ).rejects.toThrow();
      expect(await database.db.selectFrom('job_schedules').selectAll().execute()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('transact: work handed a transaction joins it, and one failure rolls back both parts', async () => {
    const database = await testDb.open();
    const schedule = (trx: Db, name: string) =>
      trx.insertInto('job_schedules').values({ name, cron: '* * * * *', next_run_at: 1, updated_at: 1 }).execute();
    try {
      await expect(
        transact(database.db, async (trx) => {
          await schedule(trx, 'outer');
          // What another module's service does with the transaction it is given.
          await transact(trx, (inner) => schedule(inner, 'inner'));
          throw new Error('the last step fails');
        }),
      ).rejects.toThrow('the last step fails');
      expect(await database.db.selectFrom('job_schedules').selectAll().execute()).toEqual([]);
      await transact(database.db, async (trx) => {
        await schedule(trx, 'outer');
        await transact(trx, (inner) => schedule(inner, 'inner'));
      });
      const names = await database.db.selectFrom('job_schedules').select('name').orderBy('name').execute();
      expect(names.map((row) => row.name)).toEqual(['inner', 'outer']);
    } finally {
      await database.close();
    }
  });
});

describe('SQLite settings', () => {
  it('uses WAL, enforced foreign keys, and commits flushed by the dialect (see wal-flusher.test.ts)', async () => {
    const testDb = await createTestDatabase('sqlite');
    const database = openDatabase(testDb.config);
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db)).rows[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      // NORMAL: SQLite leaves a commit's fsync to the dialect, which runs it before acknowledging.
      expect(await pragma('synchronous')).toBe(1);
    } finally {
      await database.close();
      await testDb.destroy();
    }
  });
});

describe.runIf(testDialects().includes('postgres'))('PostgreSQL connections', () => {
  it('survives the server dropping an idle connection, and the next query works', async () => {
    const testDb = await createTestDatabase('postgres');
    const errors: Error[] = [];
    const database = openDatabase(testDb.config, (error) => errors.push(error));
    try {
      await database.ping();
      const admin = openDatabase(testDb.config);
      const name = new URL(testDb.config.url).pathname.slice(1);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`.execute(
        admin.db,
      );
      await admin.close();
      for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(errors.length).toBeGreaterThan(0);
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
      await testDb.destroy();
    }
  });
});
