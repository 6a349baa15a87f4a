import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import type { Database } from './database.js';
import { transact } from './transact.js';
import { WalFlusher } from './wal-flusher.js';

/** Every fsync of file data in this process, in order with what the test notes beside them. */
async function watchSyncs(): Promise<{ events: string[]; syncs: () => number }> {
  const probe = await fs.open(os.tmpdir(), 'r');
  const fileHandle = Object.getPrototypeOf(probe) as fs.FileHandle;
  await probe.close();
  const events: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the handle as `this`
  const original = fileHandle.datasync;
  vi.spyOn(fileHandle, 'datasync').mockImplementation(async function (this: fs.FileHandle) {
    events.push('sync started');
    await original.call(this);
    events.push('synced');
  });
  return { events, syncs: () => events.filter((event) => event === 'synced').length };
}

describe('commits on SQLite are durable before they are acknowledged, with the fsync off the event loop', () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeEach(async () => {
    testDb = await createTestDatabase('sqlite');
    database = await testDb.open();
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await database.close();
    await testDb.destroy();
  });

  it('a write resolves only after the WAL holding it was synced; a read syncs nothing', async () => {
    const { events, syncs } = await watchSyncs();
    await sql`insert into notes (body) values ('one')`.execute(database.db);
    events.push('write acknowledged');
    expect(events).toEqual(['sync started', 'synced', 'write acknowledged']);

    await sql`select * from notes`.execute(database.db);
    expect(syncs()).toBe(1);
  });

  it('a transaction syncs once, at its commit, and a rolled-back one leaves nothing', async () => {
    const { events, syncs } = await watchSyncs();
    await transact(database.db, async (trx) => {
      for (const body of ['a', 'b', 'c']) await sql`insert into notes (body) values (${body})`.execute(trx);
      expect(syncs()).toBe(0);
    });
    events.push('commit acknowledged');
    expect(events.slice(-2)).toEqual(['synced', 'commit acknowledged']);
    expect(syncs()).toBe(1);

    await expect(
      transact(database.db, async (trx) => {
        await sql`insert into notes (body) values ('lost')`.execute(trx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const rows = await sql<{ body: string }>`select body from notes order by id`.execute(database.db);
    expect(rows.rows.map((row) => row.body)).toEqual(['a', 'b', 'c']);
  });

  it('writes that arrive while a sync runs share the next one, and the event loop is free meanwhile', async () => {
    const { syncs } = await watchSyncs();
    let loopTurned = false;
    setImmediate(() => (loopTurned = true));
    let turnedBeforeAcknowledged = false;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sql`insert into notes (body) values (${String(index)})`.execute(database.db),
      ),
    ).then(() => (turnedBeforeAcknowledged = loopTurned));
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(database.db);
    expect(count.rows[0]?.n).toBe(20);
    // One write's sync, then one shared by the nineteen queued behind it (a fast disk may need a third).
    expect(syncs()).toBeGreaterThanOrEqual(2);
    expect(syncs()).toBeLessThan(20);
    expect(turnedBeforeAcknowledged).toBe(true);
  });
});

describe('WalFlusher', () => {
  it('a flush asked for while a sync runs waits for the next sync, which starts after it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-wal-'));
    const file = path.join(dir, 'db-wal');
    await fs.writeFile(file, 'frames');
    const flusher = new WalFlusher(file);
    try {
      const { events } = await watchSyncs();
      const first = flusher.flush().then(() => events.push('first acknowledged'));
      const second = flusher.flush().then(() => events.push('second acknowledged'));
      const third = flusher.flush().then(() => events.push('third acknowledged'));
      await Promise.all([first, second, third]);
      expect(events).toEqual([
        'sync started',
        'synced',
        'first acknowledged',
        'sync started',
        'synced',
        'second acknowledged',
        'third acknowledged',
      ]);
    } finally {
      vi.restoreAllMocks();
      await flusher.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
