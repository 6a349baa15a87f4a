import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import {
  createTestDatabase,
  freePort,
  owner,
  type TestDatabase,
  TestDevice,
  testDialects,
  withoutNimbusVariables,
} from '../../test/index.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const SIZE = 48 * 1024 * 1024;

/** A process whose output lines can be waited for. */
function start(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { lines: string[]; wait(test: (line: string) => boolean): Promise<string> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], {
    cwd: root,
    env: { ...withoutNimbusVariables(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { lines: string[]; wait(test: (line: string) => boolean): Promise<string> };
  child.lines = [];
  const waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      child.lines.push(line);
      for (const waiter of waiters) {
        if (!waiter.test(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  child.wait = (test) =>
    new Promise((resolve, reject) => {
      const found = child.lines.find(test);
      if (found !== undefined) {
        resolve(found);
        return;
      }
      waiters.add({ test, resolve });
      child.once('exit', (code) =>
        reject(new Error(`exited (${code}) before the line came; last: ${child.lines.at(-1)}`)),
      );
    });
  return child;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const fileHash = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

describe.each(testDialects())('an interrupted upload on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let token: string;
  let baseUrl: string;
  const servers: ChildProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'nimbus-resume-'));
    const port = await freePort();
    env = {
      NIMBUS_DATA_DIR: path.join(dir, 'data'),
      NIMBUS_DATABASE_URL: database.config.url,
      NIMBUS_PORT: String(port),
      NIMBUS_CAPTCHA: 'off',
      NIMBUS_LOG_LEVEL: 'warn',
    };
    baseUrl = `http://127.0.0.1:${port}`;
    // The account and the phone are made in-process; the server that takes the upload is a real process.
    const app = await buildApp(loadConfig(env), { runJobs: false });
    await owner(app, 'media.resume@example.org', '10.34.0.1');
    token = (await new TestDevice(app, '10.34.0.2').connect('media.resume@example.org', 'Phone')).accessToken;
    await app.close();
  });
  afterAll(async () => {
    await Promise.all(servers.map(killed));
    await database.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const startServer = async () => {
    const server = start(['server/src/main.ts'], env);
    servers.push(server);
    for (let tries = 0; tries < 200; tries += 1) {
      if (
        await fetch(`${baseUrl}/readyz`).then(
          (response) => response.ok,
          () => false,
        )
      )
        return server;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not start');
  };
  const serverOffset = async (url: string) => {
    const response = await fetch(url, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' },
    });
    expect(response.status).toBe(200);
    return Number(response.headers.get('upload-offset'));
  };
  const progressPast = (bytes: number) => (line: string) => line.startsWith('at ') && Number(line.slice(3)) > bytes;

  it('resumes after the phone is killed and after the server is killed, to a byte-identical blob', async () => {
    const file = path.join(dir, 'video.bin');
    await writeFile(file, randomBytes(SIZE));
    const sha256 = await fileHash(file);
    const fixture = 'server/src/modules/media/tus-client.fixture.ts';
    let server = await startServer();

    // 1. The phone is killed a few megabytes in.
    const first = start([fixture, baseUrl, token, file, sha256]);
    const url = (await first.wait((line) => line.startsWith('url '))).slice(4);
    await first.wait(progressPast(4 * 1024 * 1024));
    await killed(first);
    const afterPhone = await serverOffset(url);
    expect(afterPhone).toBeGreaterThan(0);
    expect(afterPhone).toBeLessThan(SIZE);

    // 2. It carries on from there, and now the server is killed under it.
    const second = start([fixture, baseUrl, token, file, sha256, url]);
    const resumedAt = Number((await second.wait((line) => line.startsWith('at '))).slice(3));
    expect(resumedAt).toBeGreaterThanOrEqual(afterPhone);
    await second.wait(progressPast(afterPhone + 8 * 1024 * 1024));
    await killed(server);
    await killed(second);
    server = await startServer();
    const afterServer = await serverOffset(url);
    expect(afterServer).toBeGreaterThan(afterPhone);
    expect(afterServer).toBeLessThan(SIZE);

    // 3. It finishes from the server's offset; the stored file is the same bytes.
    const third = start([fixture, baseUrl, token, file, sha256, url]);
    expect(Number((await third.wait((line) => line.startsWith('at '))).slice(3))).toBeGreaterThanOrEqual(afterServer);
    const itemId = (await third.wait((line) => line.startsWith('done '))).slice(5);
    const content = await fetch(`${baseUrl}/api/v1/media/items/${itemId}/content`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(content.status).toBe(200);
    const hash = createHash('sha256');
    for await (const chunk of content.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(sha256);
    // The finished upload no longer exists as an upload.
    const gone = await fetch(url, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' },
    });
    expect(gone.status).toBe(404);
    await killed(server);
  });
});
