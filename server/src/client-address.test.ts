import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CHALLENGES_PER_IP } from './core/captcha/index.js';
import { activatedAccount, createTestApp, PASSWORD, type TestApp } from './test/index.js';

/** One captcha challenge, as a client at `remoteAddress` (the socket's peer) asks for it. */
async function challenge(app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) {
  return (await app.inject({ url: '/api/v1/captcha', remoteAddress, headers })).statusCode;
}

async function useUpChallenges(app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < CHALLENGES_PER_IP.points; i++) expect(await challenge(app, remoteAddress, headers)).toBe(200);
  expect(await challenge(app, remoteAddress, headers)).toBe(429);
}

describe('who the client is, served directly (no trusted proxy)', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false });
  });
  afterAll(() => test.close());

  it('ignores X-Forwarded-For: a client cannot choose a fresh address per request', async () => {
    for (let i = 0; i < CHALLENGES_PER_IP.points; i++) {
      expect(await challenge(test.app, '192.0.2.10', { 'x-forwarded-for': `198.51.100.${i}` })).toBe(200);
    }
    expect(await challenge(test.app, '192.0.2.10', { 'x-forwarded-for': '198.51.100.200' })).toBe(429);
    expect(await challenge(test.app, '192.0.2.11')).toBe(200);
  });

  it('limits an IPv6 client by its /64, which it can fill with addresses of its choice', async () => {
    await useUpChallenges(test.app, '2001:db8:1:2::1');
    expect(await challenge(test.app, '2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe(429);
    expect(await challenge(test.app, '2001:db8:1:3::1')).toBe(200);
  });

  it('counts an IPv4-mapped IPv6 peer (a dual-stack socket) as its IPv4 address', async () => {
    await useUpChallenges(test.app, '::ffff:198.51.100.9');
    expect(await challenge(test.app, '198.51.100.9')).toBe(429);
  });

  it('limits sign-in attempts per /64, not per address', async () => {
    const signIn = (n: number) =>
      test.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        remoteAddress: `2001:db8:7:7::${n.toString(16)}`,
        payload: { login: 'nobody@example.org', password: 'Wrong-pass-1' },
      });
    let attempt = 0;
    for (; attempt < 200; attempt++) {
      const response = await signIn(attempt + 1);
      if (response.statusCode === 429) break;
      // A wrong password, then (from the third failure of this client) a missing captcha.
      expect([400, 401]).toContain(response.statusCode);
    }
    // Each attempt came from another address of the same /64: one budget all the same.
    expect(attempt).toBeGreaterThan(0);
    expect(attempt).toBeLessThan(200);
    expect((await signIn(0xffff)).statusCode).toBe(429);
  });
});

describe('who the client is behind trusted proxies', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({
      runJobs: false,
      env: { NIMBUS_TRUSTED_PROXIES: '10.0.0.1, fd00::/64', NIMBUS_CAPTCHA: 'off' },
    });
  });
  afterAll(() => test.close());

  it('is the first address from the right that is not a trusted proxy', async () => {
    await useUpChallenges(test.app, '10.0.0.1', { 'x-forwarded-for': '198.51.100.1' });
    // Another client of the same proxy has its own budget; a second trusted hop (IPv6) is walked through.
    expect(await challenge(test.app, '10.0.0.1', { 'x-forwarded-for': '198.51.100.2' })).toBe(200);
    expect(await challenge(test.app, 'fd00::5', { 'x-forwarded-for': '198.51.100.1, 10.0.0.1' })).toBe(429);
    // Entries a client wrote itself, left of what the proxy saw, change nothing.
    expect(await challenge(test.app, '10.0.0.1', { 'x-forwarded-for': '203.0.113.5, 198.51.100.1' })).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted peer', async () => {
    await useUpChallenges(test.app, '192.0.2.20', { 'x-forwarded-for': '198.51.100.30' });
    expect(await challenge(test.app, '192.0.2.20', { 'x-forwarded-for': '198.51.100.31' })).toBe(429);
    expect(await challenge(test.app, '10.0.0.1', { 'x-forwarded-for': '198.51.100.30' })).toBe(200);
  });

  it('limits forwarded IPv6 clients by /64 and forwarded garbage as one client', async () => {
    await useUpChallenges(test.app, '10.0.0.1', { 'x-forwarded-for': '2001:db8:5:5::1' });
    expect(await challenge(test.app, '10.0.0.1', { 'x-forwarded-for': '2001:db8:5:5::2' })).toBe(429);
    // A proxy that forwards junk must not mint a fresh budget per request.
    await useUpChallenges(test.app, '10.0.0.1', { 'x-forwarded-for': 'junk-1' });
    expect(await challenge(test.app, '10.0.0.1', { 'x-forwarded-for': 'junk-2' })).toBe(429);
  });

  it('records the forwarded client, not the proxy, with a session', async () => {
    const browser = await activatedAccount(test.app, 'forwarded@example.org', { ip: '10.0.0.1' });
    const signedIn = await browser.request(
      'POST',
      '/api/v1/sessions',
      { login: 'forwarded@example.org', password: PASSWORD },
      { 'x-forwarded-for': '198.51.100.77' },
    );
    expect(signedIn.statusCode).toBe(200);
    const { sessions } = (await browser.get('/api/v1/sessions')).json<{
      sessions: { current: boolean; ip: string }[];
    }>();
    expect(sessions.find((session) => session.current)?.ip).toBe('198.51.100.77');
  });
});
