import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, runTs, type TestDatabase, testDialects } from '../../server/src/test/index.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const nimbus = (args: string[], env: Record<string, string> = {}) => runTs(CLI, args, env);

describe('nimbus', () => {
  it('lists its commands with --help', async () => {
    const result = await nimbus(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: nimbus/);
    expect(result.stdout).toMatch(/^\s+admin\b/m);
    expect(result.stdout).toMatch(/^\s+status\b/m);
    const admin = await nimbus(['admin', '--help']);
    expect(admin.stdout).toMatch(/^\s+migrate\b/m);
    expect(admin.stdout).toMatch(/^\s+check-config\b/m);
  });

  it('refuses an unknown command', async () => {
    const result = await nimbus(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('check-config names each bad variable and exits 2', async () => {
    const result = await nimbus(['admin', 'check-config'], { NIMBUS_PORT: 'abc', NIMBUS_DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'nimbus: invalid configuration: NIMBUS_PORT: must be a port number (1–65535, or 0 for any free port) (got "abc")',
      'nimbus: invalid configuration: NIMBUS_DATABASE_URL: must be a URL starting with sqlite:// or postgres:// or postgresql:// (got "mysql://x")',
    ]);
  });
});

describe.each(testDialects())('nimbus admin on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase(dialect);
    cleanups.push(() => database.destroy());
    return database;
  }

  it('migrate applies every migration once', async () => {
    const database = await freshDatabase();
    const env = { NIMBUS_DATABASE_URL: database.config.url };
    const first = await nimbus(['admin', 'migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\):\n\s+2026_11_22_0001_jobs_and_outbox/);
    const second = await nimbus(['admin', 'migrate'], env);
    expect(second.stdout).toBe('The database is up to date; no migration to apply.\n');
  });

  it('check-config reports the masked configuration and pending migrations', async () => {
    const database = await freshDatabase();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-cli-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const env = {
      NIMBUS_DATABASE_URL: database.config.url,
      NIMBUS_DATA_DIR: dataDir,
      NIMBUS_SMTP_URL: 'smtp://u:pw123@mail.test:25',
    };
    const before = await nimbus(['admin', 'check-config'], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/smtpUrl\s+smtp:\/\/u:\*\*\*@mail\.test:25/);
    expect(before.stdout).not.toContain('pw123');
    expect(before.stdout).toMatch(/migration\(s\) pending/);
    await nimbus(['admin', 'migrate'], env);
    const after = await nimbus(['admin', 'check-config'], env);
    expect(after.stdout).toContain('its schema is up to date');
  });
});
