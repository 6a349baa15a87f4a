// Brings the server's `websocketServer` into Fastify's types.
import type {} from '@fastify/websocket';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Category, SyncRecord } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  lastMessageTo,
  listen,
  ManualClock,
  MINUTE,
  owner,
  PASSWORD,
  sixDigitCode,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
} from '../../server/src/test/index.js';
import { nimbus, spawnCli } from './cli-run.test-helpers.js';

const SLOW = 240_000;
/** How long a test waits for the agent to do something before it fails. */
const PATIENCE_MS = 30_000;

/** Checks `check` until it holds (it throws until then), for at most PATIENCE_MS. */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A running `nimbus agent DIR --verbose`: what it printed, and ways to wait for a line and to stop it. */
class AgentProcess {
  stdout = '';
  stderr = '';
  /** The exit code, or the signal that ended it. */
  readonly exited: Promise<number | string | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(dir: string, env: Record<string, string>) {
    this.child = spawnCli(['agent', dir, '--verbose'], env);
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve(code ?? signal)));
  }

  /** Waits until the agent printed `text` for the `nth` time (1: once). */
  async printed(text: string, nth = 1): Promise<void> {
    await eventually(() => {
      const seen = this.stdout.split(text).length - 1;
      if (seen < nth)
        throw new Error(`the agent printed "${text}" ${seen} of ${nth} times:\n${this.stdout}${this.stderr}`);
      return Promise.resolve();
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | null> {
    this.child.kill(signal);
    return this.exited;
  }
}

/** A message as messages.json holds it. */
interface Entry {
  id: string;
  body: string;
  status: string;
  time: string;
}

describe.each(testDialects())('nimbus agent on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  let url: string;
  let root: string;
  let ipCounter = 0;
  const agents: AgentProcess[] = [];
  const nextIp = () => `10.41.0.${++ipCounter}`;

  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    url = await listen(test.app);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-agent-cli-'));
  });
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop('SIGKILL')));
    await test.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** The CLI signed in and registered as `name`, against `server` (the test server unless told). */
  async function phone(email: string, name: string, server = url) {
    const base = await fs.mkdtemp(path.join(root, `${name}-`));
    const env = { NIMBUS_CONFIG_DIR: path.join(base, 'config') };
    const dir = path.join(base, 'phone');
    const login = await nimbus(['login', '--url', server, '--name', name], env, [
      ['E-mail, phone or account number: ', () => Promise.resolve(email)],
      ['Password: ', () => Promise.resolve(PASSWORD)],
      ['Code: ', async () => sixDigitCode((await lastMessageTo(test.app, email)).text)],
    ]);
    expect(login.stdout).toContain('Signed in to account');
    const registered = await nimbus(['device', 'register', '--name', name, '--model', 'Test 1'], env);
    const id = /device id (\S+)\.$/m.exec(registered.stdout)?.[1];
    if (id === undefined) throw new Error(`registration said: ${registered.stdout}${registered.stderr}`);
    return {
      id,
      env,
      dir,
      credentials: () => fs.readFile(path.join(env.NIMBUS_CONFIG_DIR, 'credentials.json'), 'utf8'),
      start() {
        const agent = new AgentProcess(dir, env);
        agents.push(agent);
        return agent;
      },
      async messages(): Promise<Entry[]> {
        return JSON.parse(await fs.readFile(path.join(dir, 'messages.json'), 'utf8')) as Entry[];
      },
      /** What the folder's state remembers of a record: its version at the last sync. */
      async syncedVersion(category: Category, id: string): Promise<number | undefined> {
        const state = JSON.parse(await fs.readFile(path.join(dir, '.nimbus', 'state.json'), 'utf8')) as {
          categories: Record<string, { records: Record<string, { version: number }> }>;
        };
        return state.categories[category]?.records[id]?.version;
      },
    };
  }

  /** "New message" in the portal, as the owner's browser sends it. */
  async function sendFromPortal(browser: TestBrowser, deviceId: string, body: string): Promise<SyncRecord> {
    const answer = await browser.post('/api/v1/messages', { deviceId, address: '+49 151 2345678', body });
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json<{ record: SyncRecord }>().record;
  }

  async function serverRecord(browser: TestBrowser, id: string): Promise<SyncRecord> {
    return (await browser.get(`/api/v1/records/messages/${id}`)).json<{ record: SyncRecord }>().record;
  }

  /** Waits until the server has the message sent and the folder holds that very version, as sent. */
  async function deliveredTo(browser: TestBrowser, device: Awaited<ReturnType<typeof phone>>, id: string) {
    const sent = await eventually(async () => {
      const record = await serverRecord(browser, id);
      expect(record.data).toMatchObject({ status: 'sent' });
      return record;
    });
    await eventually(async () => expect(await device.syncedVersion('messages', id)).toBe(sent.version));
    const entry = (await device.messages()).find((message) => message.id === id);
    // The folder's copy is the server's, word for word, time included: no conflict.
    expect(entry).toEqual({ id, ...(sent.data as object) });
    return sent;
  }

  it(
    'sends what the portal writes, tells the portal, and syncs what another device changed',
    { timeout: SLOW },
    async () => {
      const email = 'agent.send@example.org';
      const browser = await owner(test.app, email, nextIp());
      const device = await phone(email, 'phone');
      const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
      const agent = device.start();
      await agent.printed('connected: waiting for changes and commands');

      const message = await sendFromPortal(browser, device.id, 'Running late');
      expect(message.data).toMatchObject({ status: 'queued', direction: 'out' });
      await deliveredTo(browser, device, message.id);
      expect(agent.stdout).toContain('asked to send a text to +49 151 2345678');
      expect(agent.stdout).toContain('sent the text to +49 151 2345678 (now in messages.json)');

      // Three at once: each is sent once, whichever way the commands come (again) meanwhile.
      const burst = await Promise.all(['One', 'Two', 'Three'].map((body) => sendFromPortal(browser, device.id, body)));
      for (const sent of burst) await deliveredTo(browser, device, sent.id);
      const bodies = (await device.messages()).map((entry) => entry.body).sort();
      expect(bodies).toEqual(['One', 'Running late', 'Three', 'Two']);
      expect((await device.messages()).every((entry) => entry.status === 'sent')).toBe(true);

      // Another device writes a note: the hint brings it into the agent's folder.
      const [pushed] = await tablet.push('notes', [
        {
          id: 'n-shopping',
          op: 'upsert',
          baseVersion: null,
          data: { title: 'Shopping', body: '- milk\n', updatedAt: '2026-11-22T09:05:00Z' },
        },
      ]);
      expect(pushed?.status).toBe('applied');
      const note = await eventually(() => fs.readFile(path.join(device.dir, 'notes', 'n-shopping.md'), 'utf8'));
      expect(note).toMatch(/^---\ntitle: Shopping\n[\s\S]*\n- milk\n$/);
      await agent.printed('notes: 0 up, 1 down, 0 conflicts');

      // Stopped: it says so, exits 0 and leaves the folder unlocked; nothing went wrong on the way.
      expect(await agent.stop('SIGTERM')).toBe(0);
      expect(agent.stdout).toContain('SIGTERM: stopping');
      expect(agent.stdout).toMatch(/stopped\n$/);
      expect(agent.stderr).toBe('');
      await expect(fs.access(path.join(device.dir, '.nimbus', 'lock'))).rejects.toThrow();
      await expect(fs.access(path.join(device.dir, 'conflicts'))).rejects.toThrow();
    },
  );

  it(
    'delivers a message written while the agent was down once it runs again, and reports what it cannot do',
    { timeout: SLOW },
    async () => {
      const email = 'agent.offline@example.org';
      const browser = await owner(test.app, email, nextIp());
      const device = await phone(email, 'phone');
      const first = device.start();
      await first.printed('connected: waiting for changes and commands');
      // Killed outright: its lock stays behind, and no `nimbus sync` may work on the folder meanwhile.
      expect(await first.stop('SIGKILL')).toBe('SIGKILL');
      await fs.access(path.join(device.dir, '.nimbus', 'lock'));

      const message = await sendFromPortal(browser, device.id, 'Sent while you were away');
      expect((await serverRecord(browser, message.id)).data).toMatchObject({ status: 'queued' });

      const second = device.start();
      await deliveredTo(browser, device, message.id);
      const locked = await nimbus(['sync', device.dir], device.env);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(`another nimbus sync or nimbus agent is working on ${device.dir}`);

      // A messages.json it cannot read: the message cannot be kept, and the portal hears why.
      await fs.writeFile(path.join(device.dir, 'messages.json'), '[{"address": ');
      const broken = await sendFromPortal(browser, device.id, 'Cannot be kept');
      const failed = await eventually(async () => {
        const record = await serverRecord(browser, broken.id);
        expect(record.data).toMatchObject({ status: 'failed' });
        return record;
      });
      const { error } = failed.data as { error: string | null };
      expect(error).toMatch(/^messages\.json is not valid JSON \(.+\)$/);
      expect(second.stderr).toMatch(/nimbus agent: messages not synced: messages\.json is not valid JSON/);
      expect(second.stderr).toMatch(/nimbus agent: could not send the text to \+49 151 2345678: messages\.json/);
      expect(await second.stop('SIGINT')).toBe(0);
      expect(await fs.readFile(path.join(device.dir, 'messages.json'), 'utf8')).toBe('[{"address": ');
    },
  );

  it('long-polls where WebSockets do not get through', { timeout: SLOW }, async () => {
    const proxy = await plainHttpProxy(url);
    try {
      const email = 'agent.poll@example.org';
      const browser = await owner(test.app, email, nextIp());
      const device = await phone(email, 'phone', proxy.url);
      const agent = device.start();
      await agent.printed('connected by long polls (WebSockets do not get through): waiting for changes and commands');
      expect(proxy.refusedUpgrades()).toBeGreaterThan(0);

      const message = await sendFromPortal(browser, device.id, 'Through the proxy');
      await deliveredTo(browser, device, message.id);
      expect(await agent.stop('SIGTERM')).toBe(0);
      expect(agent.stderr).toBe('');
    } finally {
      await proxy.close();
    }
  });

  it('stops and says why once the device is removed in the portal', { timeout: SLOW }, async () => {
    const email = 'agent.removed@example.org';
    const browser = await owner(test.app, email, nextIp());
    const device = await phone(email, 'phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const agent = device.start();
    await agent.printed('connected: waiting for changes and commands');

    const removed = await browser.request('DELETE', `/api/v1/devices/${device.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    // The next change it hears of makes it sync, which its ended sign-in cannot.
    await tablet.push('notes', [
      {
        id: 'n-after',
        op: 'upsert',
        baseVersion: null,
        data: { title: 'After', body: '', updatedAt: '2026-11-22T09:06:00Z' },
      },
    ]);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr).toMatch(/^nimbus: this device is signed out \(.+\); sign in again with `nimbus login`\n$/m);
    await expect(fs.access(path.join(device.dir, '.nimbus', 'lock'))).rejects.toThrow();
  });

  // Last: it moves the server's clock past the access tokens' 15 minutes.
  it(
    'connects again after the connection drops, with a fresh access token once the old one expired',
    { timeout: SLOW },
    async () => {
      const email = 'agent.reconnect@example.org';
      const browser = await owner(test.app, email, nextIp());
      const device = await phone(email, 'phone');
      const agent = device.start();
      await agent.printed('connected: waiting for changes and commands');
      const before = await device.credentials();

      clock.advance(20 * MINUTE);
      for (const socket of test.app.websocketServer.clients) socket.terminate();
      await agent.printed('connected: waiting for changes and commands', 2);
      expect(agent.stderr).toMatch(/nimbus agent: lost the connection to the server \(.+\); trying again in \d+ s\n/);
      // The refused upgrade made it refresh, and the new tokens were kept for the next start.
      expect(await device.credentials()).not.toBe(before);

      const message = await sendFromPortal(browser, device.id, 'After the reconnect');
      await deliveredTo(browser, device, message.id);
      expect(await agent.stop('SIGTERM')).toBe(0);
    },
  );
});

/**
 * A proxy that passes plain HTTP but not WebSockets, like some corporate proxies: it drops the
 * upgrade headers, so the server answers the stream's request as an ordinary GET.
 */
async function plainHttpProxy(target: string) {
  let refused = 0;
  const server = http.createServer((request, response) => {
    const headers = { ...request.headers };
    if (headers.upgrade !== undefined) refused++;
    delete headers.upgrade;
    delete headers.connection;
    const forward = http.request(new URL(request.url ?? '/', target), { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forward.on('error', () => response.destroy());
    response.on('close', () => forward.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    refusedUpgrades: () => refused,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
