import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGES_PER_IP } from './core/captcha/index.js';
import {
  createTestApp,
  listen,
  NGINX_EXAMPLE,
  requestFrom,
  requireProgram,
  startNginx,
  type RunningNginx,
  type TestApp,
} from './test/index.js';

// A real nginx, run by the test with the README's configuration, in front of a real Nimbus.
const nginx = requireProgram('nginx', ['/usr/sbin/nginx', '/usr/bin/nginx']);
const openssl = requireProgram('openssl', ['/usr/bin/openssl']);
const canRun = nginx !== null && openssl !== null;

// Two clients of the proxy: Linux answers the whole of 127.0.0.0/8 on loopback, so nginx sees
// two different peers and writes each into X-Forwarded-For.
const ANNA = '127.0.0.2';
const BORIS = '127.0.0.3';

/** The captcha route keeps a per-client budget of challenges: cheap to use up, and independent of accounts. */
async function challengeFrom(proxy: RunningNginx, from: string, headers: Record<string, string> = {}) {
  return (await requestFrom(from, `${proxy.httpsUrl}/api/v1/captcha`, { ca: proxy.ca, headers })).status;
}

async function useUpChallenges(proxy: RunningNginx, from: string): Promise<void> {
  for (let i = 0; i < CHALLENGES_PER_IP.points; i++) expect(await challengeFrom(proxy, from)).toBe(200);
  expect(await challengeFrom(proxy, from)).toBe(429);
}

interface Setup {
  test: TestApp;
  /** Nimbus itself, reached without the proxy. */
  appUrl: string;
  proxy: RunningNginx;
}

async function behindNginx(env: Record<string, string>): Promise<Setup> {
  if (nginx === null || openssl === null) throw new Error('unreachable: the suite runs only with nginx');
  const test = await createTestApp({ runJobs: false, env });
  try {
    const appUrl = await listen(test.app);
    return { test, appUrl, proxy: await startNginx(nginx, openssl, appUrl) };
  } catch (error) {
    await test.close();
    throw error;
  }
}

describe.runIf(canRun)('behind nginx with NIMBUS_TRUSTED_PROXIES=127.0.0.1', () => {
  let setup: Setup | undefined;
  let appUrl: string;
  let proxy: RunningNginx;
  beforeAll(async () => {
    setup = await behindNginx({ NIMBUS_TRUSTED_PROXIES: '127.0.0.1' });
    ({ appUrl, proxy } = setup);
  });
  afterAll(async () => {
    await setup?.proxy.stop();
    await setup?.test.close();
  });

  it('limits two clients behind the proxy separately', async () => {
    await useUpChallenges(proxy, ANNA);
    expect(await challengeFrom(proxy, BORIS)).toBe(200);
  });

  it('does not let a client escape its limit by forging X-Forwarded-For', async () => {
    // nginx appends the real peer after the forged entries; Nimbus stops at the first untrusted hop from the right.
    expect(await challengeFrom(proxy, ANNA, { 'x-forwarded-for': '203.0.113.77' })).toBe(429);
    expect(await challengeFrom(proxy, ANNA, { 'x-forwarded-for': '127.0.0.3, 127.0.0.1' })).toBe(429);
  });

  it('refuses the outbox through the proxy, though the proxy connects from loopback', async () => {
    const proxied = await requestFrom(ANNA, `${proxy.httpsUrl}/api/v1/dev/outbox`, { ca: proxy.ca });
    expect(proxied.status).toBe(403);
    expect(JSON.parse(proxied.body)).toMatchObject({ error: { code: 'forbidden' } });
    // The same client straight to Nimbus, from loopback that is not the proxy's address, is this machine.
    expect((await requestFrom(ANNA, `${appUrl}/api/v1/dev/outbox`)).status).toBe(200);
  });

  it('sends plain HTTP to https', async () => {
    const response = await requestFrom(ANNA, `${proxy.httpUrl}/sign-in?next=%2F`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('https://cloud.example.org/sign-in?next=%2F');
  });
});

describe.runIf(canRun)('behind nginx without NIMBUS_TRUSTED_PROXIES', () => {
  let setup: Setup | undefined;
  let appUrl: string;
  let proxy: RunningNginx;
  beforeAll(async () => {
    setup = await behindNginx({});
    ({ appUrl, proxy } = setup);
  });
  afterAll(async () => {
    await setup?.proxy.stop();
    await setup?.test.close();
  });

  it('believes no X-Forwarded-For: every client of the proxy shares the proxy’s budget', async () => {
    await useUpChallenges(proxy, ANNA);
    expect(await challengeFrom(proxy, BORIS)).toBe(429);
  });

  it('still refuses the outbox through the proxy, by the headers it adds', async () => {
    const proxied = await requestFrom(BORIS, `${proxy.httpsUrl}/api/v1/dev/outbox`, { ca: proxy.ca });
    expect(proxied.status).toBe(403);
    expect((await requestFrom(BORIS, `${appUrl}/api/v1/dev/outbox`)).status).toBe(200);
  });
});

describe('the README', () => {
  it('shows the nginx configuration these tests run, word for word', async () => {
    const readme = await fs.readFile(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const example = await fs.readFile(NGINX_EXAMPLE, 'utf8');
    expect(readme).toContain('```nginx\n' + example + '```\n');
  });
});
