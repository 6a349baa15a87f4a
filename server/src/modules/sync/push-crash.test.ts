import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboxList, PullResponse } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  freePort,
  type TestDatabase,
  testDialects,
  withoutNimbusVariables,
} from '../../test/index.js';

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const PASSWORD = 'Orchid-walk-42';
const BATCH = 400;

/** The real server in a child process, on a database that outlives it. */
class ServerProcess {
  private child: ChildProcess | undefined;
  readonly base: string;

  constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
      env: {
        ...withoutNimbusVariables(process.env),
        ...this.env,
        NIMBUS_PORT: String(this.port),
        NIMBUS_CAPTCHA: 'off',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${this.base}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (child?.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async call(method: string, url: string, body?: unknown, token?: string): Promise<Response> {
    return fetch(`${this.base}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** The newest message to `to` in the local-mode outbox that matches, once the job runner wrote it. */
  async lastText(to: string, pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const list = (await (await this.call('GET', '/api/v1/dev/outbox?limit=200')).json()) as OutboxList;
      const found = list.messages.find((message) => message.recipient === to);
      if (found !== undefined && pattern.test(found.text)) return found.text;
      if (Date.now() > deadline) throw new Error(`no message to ${to}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.each(testDialects())('a push when the server is killed, on %s', (dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let token = '';

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-push-crash-'));
    const env: Record<string, string> = { NIMBUS_DATA_DIR: dataDir };
    // SQLite: the server's default file in its data folder; PostgreSQL: a database made for this test.
    if (database.config.kind === 'postgres') env.NIMBUS_DATABASE_URL = database.config.url;
    server = new ServerProcess(await freePort(), env);
    await server.start();

    const email = 'crash@example.org';
    await server.call('POST', '/api/v1/accounts/email', {
      email,
      region: 'DE',
      birthDate: '1990-01-01',
      password: PASSWORD,
    });
    const activation = /\/activate\?token=([\w%-]+)/.exec(await server.lastText(email, /\/activate\?token=/))?.[1];
    await server.call('POST', '/api/v1/accounts/activate', { token: decodeURIComponent(activation ?? '') });
  }, 120_000);

  afterAll(async () => {
    await server.kill();
    await fs.rm(dataDir, { recursive: true, force: true });
    await database.destroy();
  });

  async function signInDevice(): Promise<string> {
    const email = 'crash@example.org';
    const started = await server.call('POST', '/api/v1/sessions', {
      login: email,
      password: PASSWORD,
      client: 'device',
      deviceName: 'Crash phone',
    });
    const { challengeId } = (await started.json()) as { challengeId: string };
    const code = /\b(\d{6})\b/.exec(await server.lastText(email, /\b\d{6}\b/))?.[1];
    const verified = await server.call('POST', '/api/v1/sessions/verify', { challengeId, code });
    if (verified.status !== 200)
      throw new Error(`device sign-in: ${started.status} then ${verified.status} ${await verified.text()}`);
    const { tokens } = (await verified.json()) as { tokens: { accessToken: string } };
    await server.call(
      'POST',
      '/api/v1/devices',
      { name: 'Crash phone', model: 'K1', os: 'Android' },
      tokens.accessToken,
    );
    return tokens.accessToken;
  }

  async function countOf(prefix: string): Promise<number> {
    let since = '0';
    let count = 0;
    for (;;) {
      const response = await server.call('GET', `/api/v1/sync/notes?since=${since}&limit=1000`, undefined, token);
      const page = (await response.json()) as PullResponse;
      count += page.changes.filter((change) => change.id.startsWith(prefix)).length;
      since = page.cursor;
      if (!page.more) return count;
    }
  }

  it('keeps the whole batch or none of it, whenever the kill lands', async () => {
    token = await signInDevice();
    const outcomes: number[] = [];
    // Kills at growing delays: some land before the transaction, some inside it, some after.
    for (const [round, delay] of [5, 40, 80, 150, 300].entries()) {
      const prefix = `r${round}-`;
      const items = Array.from({ length: BATCH }, (_, index) => ({
        id: `${prefix}${index}`,
        op: 'upsert',
        baseVersion: null,
        data: { title: `Note ${index}`, body: 'x'.repeat(4000), updatedAt: '2026-11-22T09:00:00Z' },
      }));
      const push = server.call('POST', '/api/v1/sync/notes', { items }, token).then(
        (response) => response.status,
        () => 0,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      await server.kill();
      const answered = await push;
      await server.start();
      const stored = await countOf(prefix);
      outcomes.push(stored);
      // All or nothing; and a batch the server acknowledged is never lost.
      expect([0, BATCH], `round ${round}: ${stored} of ${BATCH} stored`).toContain(stored);
      if (answered === 200) expect(stored).toBe(BATCH);
    }
    // The sequence goes on cleanly after the crashes: a new batch applies whole.
    const after = await server.call(
      'POST',
      '/api/v1/sync/notes',
      {
        items: [
          {
            id: 'after',
            op: 'upsert',
            baseVersion: null,
            data: { title: 'A', body: '', updatedAt: '2026-11-22T09:00:00Z' },
          },
        ],
      },
      token,
    );
    expect(after.status).toBe(200);
    expect(await countOf('after')).toBe(1);
    expect(outcomes).toHaveLength(5);
  }, 300_000);
});
