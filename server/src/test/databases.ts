import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { openDatabase, type Database } from '../core/db/database.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { requireSuite } from './suites.js';

export interface TestDatabase {
  readonly config: DatabaseConfig;
  /** Opens a new connection to this test database (migrations applied). */
  open(): Promise<Database>;
  /** Drops the database or deletes the file. */
  destroy(): Promise<void>;
}

/** The databases every storage test runs on: SQLite always, PostgreSQL when NIMBUS_TEST_DATABASE_URL is set. */
export function testDialects(): DatabaseConfig['kind'][] {
  return requireSuite('postgres') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty database of its own: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseConfig['kind']): Promise<TestDatabase> {
  return kind === 'sqlite' ? createSqlite() : createPostgres();
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-test-db-'));
  const file = path.join(dir, 'nimbus.db');
  const config: DatabaseConfig = { kind: 'sqlite', file, url: `sqlite:${file}` };
  return {
    config,
    open: () => openMigrated(config),
    destroy: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const adminUrl = process.env.NIMBUS_TEST_DATABASE_URL;
  if (adminUrl === undefined) throw new Error('NIMBUS_TEST_DATABASE_URL is not set');
  const name = `nimbus_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'postgres', url: url.toString() };
  return {
    config,
    open: () => openMigrated(config),
    async destroy() {
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function openMigrated(config: DatabaseConfig): Promise<Database> {
  const database = openDatabase(config);
  await migrateToLatest(database.db);
  return database;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
