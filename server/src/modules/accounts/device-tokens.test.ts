import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  lastMessageTo,
  linkToken,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';
import { MINUTE } from '../../core/time.js';

const PASSWORD = 'Orchid-walk-42';
let ipCounter = 0;
const nextIp = () => `10.4.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresIn: number;
  deviceToken: string;
}

describe.each(testDialects())('device tokens on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  async function registered(email: string): Promise<void> {
    const browser = new TestBrowser(test.app, nextIp());
    await browser.post('/api/v1/accounts/email', { email, region: 'DE', birthDate: '1990-01-01', password: PASSWORD });
    await browser.post('/api/v1/accounts/activate', { token: linkToken((await lastMessageTo(test.app, email)).text) });
  }

  const call = (method: 'GET' | 'POST', url: string, options: { token?: string; body?: object } = {}) =>
    test.app.inject({
      method,
      url,
      remoteAddress: nextIp(),
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      ...(options.body === undefined ? {} : { payload: options.body }),
    });

  async function signInDevice(email: string, deviceToken?: string): Promise<Tokens> {
    const body = {
      login: email,
      password: PASSWORD,
      client: 'device',
      deviceName: 'Pixel 8',
      ...(deviceToken === undefined ? {} : { deviceToken }),
    };
    const first = await call('POST', '/api/v1/sessions', { body });
    if (first.statusCode === 200) return first.json<{ tokens: Tokens }>().tokens;
    expect(first.statusCode).toBe(202);
    const { challengeId } = first.json<{ challengeId: string }>();
    const verified = await call('POST', '/api/v1/sessions/verify', {
      body: { challengeId, code: sixDigitCode((await lastMessageTo(test.app, email)).text) },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.headers['set-cookie']).toBeUndefined();
    return verified.json<{ tokens: Tokens }>().tokens;
  }

  it('signs a device in with a code, then uses its access token; a remembered device needs no code', async () => {
    await registered('device@example.org');
    const tokens = await signInDevice('device@example.org');
    expect(tokens.accessExpiresIn).toBe(900);
    const me = await call('GET', '/api/v1/session', { token: tokens.accessToken });
    expect(me.statusCode).toBe(200);
    // Its sessions are listed to the owner in the portal, not to the device.
    expect((await call('GET', '/api/v1/sessions', { token: tokens.accessToken })).statusCode).toBe(403);

    const again = await call('POST', '/api/v1/sessions', {
      body: { login: 'device@example.org', password: PASSWORD, client: 'device', deviceToken: tokens.deviceToken },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ tokens: Tokens }>().tokens.accessToken).toMatch(/^[\w-]{43}$/);
  });

  it('rotates tokens on refresh; the access token expires; a Bearer change needs no CSRF token', async () => {
    await registered('rotate@example.org');
    const first = await signInDevice('rotate@example.org');
    const refreshed = await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json<Tokens>();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await call('GET', '/api/v1/session', { token: first.accessToken })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/session', { token: second.accessToken })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/sessions/revoke-others', { token: second.accessToken })).statusCode).toBe(403);

    clock.advance(16 * MINUTE);
    expect((await call('GET', '/api/v1/session', { token: second.accessToken })).statusCode).toBe(401);
    const third = await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: second.refreshToken } });
    expect(third.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/session', { token: third.json<Tokens>().accessToken })).statusCode).toBe(200);
  });

  it('ends the whole family when a refresh token is used twice', async () => {
    await registered('stolen@example.org');
    const first = await signInDevice('stolen@example.org');
    const legit = (
      await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: first.refreshToken } })
    ).json<Tokens>();
    const replay = await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: { code: string } }>().error.code).toBe('token_reused');
    // Both the thief's and the owner's newest tokens are dead now.
    expect((await call('GET', '/api/v1/session', { token: legit.accessToken })).statusCode).toBe(401);
    expect(
      (await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: legit.refreshToken } })).statusCode,
    ).toBe(401);
  });

  it('never takes a device access token as the session cookie', async () => {
    await registered('device-cookie@example.org');
    const tokens = await signInDevice('device-cookie@example.org');
    const asCookie = await test.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      remoteAddress: nextIp(),
      headers: { cookie: `nimbus_session=${tokens.accessToken}` },
    });
    expect(asCookie.statusCode).toBe(401);
  });

  it('refuses garbage and unknown tokens', async () => {
    expect((await call('GET', '/api/v1/session', { token: 'x'.repeat(43) })).statusCode).toBe(401);
    const malformed = await test.app.inject({ url: '/api/v1/session', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
    expect(
      (await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken: 'y'.repeat(43) } })).statusCode,
    ).toBe(401);
  });
});
