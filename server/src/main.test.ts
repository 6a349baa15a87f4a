import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runTs, withoutNimbusVariables } from './test/index.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('starting the server', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-main-'));
  });
  afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

  it.each([
    ['NIMBUS_PORT', 'abc'],
    ['NIMBUS_DATABASE_URL', 'mysql://x'],
  ])('stops with one line naming %s when it is %s', async (variable, value) => {
    const result = await runTs(MAIN, [], { NIMBUS_DATA_DIR: dataDir, [variable]: value });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).toContain(value);
  });

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
      env: { ...withoutNimbusVariables(process.env), NIMBUS_DATA_DIR: dataDir, NIMBUS_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = once(child, 'exit');
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('Nimbus is running') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toContain(`Open http://127.0.0.1:${port}/ in your browser.`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await response.json()).toEqual({ status: 'ok' });
      // Logs are JSON lines; each line of a request carries its id.
      const meta = await fetch(`http://127.0.0.1:${port}/api/v1/meta`, { headers: { 'x-request-id': 'trace-main-1' } });
      expect(meta.headers.get('x-request-id')).toBe('trace-main-1');
      // The response can arrive before its "request completed" line is flushed: wait for it, bounded.
      const logged = () => stdout.split('\n').filter((line) => line.includes('trace-main-1'));
      for (let i = 0; i < 100 && logged().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const lines = logged();
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ reqId: 'trace-main-1' });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toContain('"signal":"SIGTERM"');
    // The embedded default keeps its data in a SQLite file in the data folder.
    await expect(fs.stat(path.join(dataDir, 'nimbus.db'))).resolves.toBeTruthy();
  });
});
