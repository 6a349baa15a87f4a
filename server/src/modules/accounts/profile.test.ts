import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  activatedAccount,
  createTestApp,
  lastMessageTo,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.5.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const PASSWORD = 'Orchid-walk-42';
const NEW_PASSWORD = 'Lantern-moss-77';

type Response = Awaited<ReturnType<TestBrowser['post']>>;
const errorOf = (response: Response) =>
  response.json<{ error: { code: string; details?: { problems?: string[] } } }>().error;

describe.each(testDialects())('profile, password and security activity on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  const account = (email: string) => activatedAccount(test.app, email, { ip: nextIp(), password: PASSWORD });

  /** A second browser signed in to the same account, through the new-browser code. */
  async function secondBrowser(email: string): Promise<TestBrowser> {
    const browser = new TestBrowser(test.app, nextIp());
    const challenge = await browser.post('/api/v1/sessions', { login: email, password: PASSWORD });
    await browser.post('/api/v1/sessions/verify', {
      challengeId: challenge.json<{ challengeId: string }>().challengeId,
      code: sixDigitCode((await lastMessageTo(test.app, email)).text),
    });
    return browser;
  }

  // TestBrowser knows GET, POST and DELETE; PATCH goes through the same cookies and CSRF token.
  const patch = (browser: TestBrowser, body: unknown) =>
    test.app.inject({
      method: 'PATCH',
      url: '/api/v1/account',
      remoteAddress: browser.ip,
      headers: {
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(browser.csrfToken === undefined ? {} : { 'x-csrf-token': browser.csrfToken }),
      },
      payload: body as Record<string, unknown>,
    });

  it('changes only the profile fields sent, trimmed, and clears the name with null', async () => {
    const browser = await account('profile@example.org');
    const named = await patch(browser, { displayName: '  Anna Petrova  ' });
    expect(named.statusCode).toBe(200);
    expect(named.json<{ account: object }>().account).toMatchObject({
      displayName: 'Anna Petrova',
      region: 'RU',
      locale: 'en',
      birthDate: '1985-02-03',
    });
    const moved = await patch(browser, { region: 'DE', locale: 'zh', birthDate: '1985-02-04' });
    expect(moved.json<{ account: object }>().account).toMatchObject({
      displayName: 'Anna Petrova',
      region: 'DE',
      locale: 'zh',
      birthDate: '1985-02-04',
    });
    const cleared = await patch(browser, { displayName: null });
    expect(cleared.json<{ account: { displayName: string | null } }>().account.displayName).toBeNull();
    const me = await browser.get('/api/v1/session');
    expect(me.json<{ account: object }>().account).toMatchObject({ displayName: null, region: 'DE', locale: 'zh' });
  });

  it('refuses a bad name, region or birth date, a change without the CSRF token, and no session', async () => {
    const browser = await account('refusals@example.org');
    for (const body of [
      { displayName: '   ' },
      { displayName: 'x'.repeat(65) },
      { displayName: 'line\nbreak' },
      { region: 'XX' },
      { region: 'de' },
      { birthDate: '2999-01-01' },
      { locale: 'fr' },
    ]) {
      const response = await patch(browser, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const forged = await patch(browser, { displayName: 'Forged' });
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).code).toBe('csrf_failed');
    browser.csrfToken = token;
    const stranger = await patch(new TestBrowser(test.app, nextIp()), { displayName: 'Stranger' });
    expect(stranger.statusCode).toBe(401);
    expect((await browser.get('/api/v1/session')).json<{ account: { displayName: null } }>().account.displayName).toBe(
      null,
    );
  });

  it('changes the password with the current one, signs other sessions out and tells the owner', async () => {
    const browser = await account('change@example.org');
    const phone = await secondBrowser('change@example.org');
    expect((await phone.get('/api/v1/session')).statusCode).toBe(200);

    const wrong = await browser.post('/api/v1/account/password', {
      currentPassword: 'Not-my-pass-1',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('invalid_credentials');
    const weak = await browser.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'change2026',
    });
    expect(weak.statusCode).toBe(422);
    expect(errorOf(weak).details?.problems).toEqual(['same_as_identifier']);
    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const forged = await browser.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(forged.statusCode).toBe(403);
    browser.csrfToken = token;

    const changed = await browser.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(204);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/session')).statusCode).toBe(401);
    expect((await lastMessageTo(test.app, 'change@example.org')).subject).toBe('Your Nimbus password was changed');
    const signIn = (password: string) =>
      new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', { login: 'change@example.org', password });
    expect((await signIn(PASSWORD)).statusCode).toBe(401);
    expect((await signIn(NEW_PASSWORD)).statusCode).toBe(202);
  });

  it('limits password changes to five tries in 15 minutes per account', async () => {
    const browser = await account('guesser@example.org');
    for (let i = 0; i < 5; i++) {
      const response = await browser.post('/api/v1/account/password', {
        currentPassword: `Guess-${i}-pass`,
        newPassword: NEW_PASSWORD,
      });
      expect(response.statusCode).toBe(401);
    }
    const limited = await browser.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lists the security activity newest first, with IP and device, and only the own account', async () => {
    const browser = await account('activity@example.org');
    await new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', {
      login: 'activity@example.org',
      password: 'Wrong-pass-1',
    });
    clock.advance(1000);
    await browser.post('/api/v1/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    const other = await account('bystander@example.org');

    const response = await browser.get('/api/v1/account/security-events');
    expect(response.statusCode).toBe(200);
    const { events } = response.json<{
      events: { id: string; type: string; ip: string; device: { browser: string; os: string }; createdAt: string }[];
    }>();
    expect(events.map((event) => event.type)).toEqual([
      'password_changed',
      'sign_in_failed',
      'signed_in',
      'account_activated',
      'account_created',
    ]);
    expect(events[0]).toMatchObject({ ip: browser.ip, device: { browser: 'Chrome 126', os: 'Linux' } });
    expect(events[0]?.createdAt).toBe(new Date(clock.now()).toISOString());

    const limited = await browser.get('/api/v1/account/security-events?limit=2');
    expect(limited.json<{ events: unknown[] }>().events).toHaveLength(2);
    expect((await browser.get('/api/v1/account/security-events?limit=0')).statusCode).toBe(400);
    const theirs = (await other.get('/api/v1/account/security-events')).json<{ events: { id: string }[] }>();
    const mine = new Set(events.map((event) => event.id));
    expect(theirs.events.some((event) => mine.has(event.id))).toBe(false);
    expect((await new TestBrowser(test.app, nextIp()).get('/api/v1/account/security-events')).statusCode).toBe(401);
  });
});
