import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerSecret } from './secret.js';

describe('the server secret', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-secret-'));
    dirs.push(dir);
    return dir;
  };

  it('is made once, kept private in the data folder, and the same after a restart', async () => {
    const dataDir = await tempDir();
    const secrets = await Promise.all([1, 2, 3].map(() => loadServerSecret({ secret: null, dataDir })));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[\w-]{43}$/);
    expect(await loadServerSecret({ secret: null, dataDir })).toBe(secrets[0]);
    const stat = await fs.stat(path.join(dataDir, 'secret.key'));
    expect(stat.mode & 0o077).toBe(0);
    expect(await fs.readdir(dataDir)).toEqual(['secret.key']);
  });

  it('comes from NIMBUS_SECRET when set, and then nothing is written', async () => {
    const dataDir = await tempDir();
    const secret = 'x'.repeat(40);
    expect(await loadServerSecret({ secret, dataDir })).toBe(secret);
    expect(await fs.readdir(dataDir)).toEqual([]);
  });
});
