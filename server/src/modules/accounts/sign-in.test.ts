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

let ipCounter = 0;
const nextIp = () => `10.2.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const PASSWORD = 'Orchid-walk-42';

describe.each(testDialects())('signing in on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  /** A registered, activated account, and the browser that activated it. */
  async function account(email: string): Promise<{ browser: TestBrowser; number: string }> {
    const browser = new TestBrowser(test.app, nextIp());
    await browser.post('/api/v1/accounts/email', {
      email,
      region: 'RU',
      birthDate: '1985-02-03',
      password: PASSWORD,
      locale: 'ru',
    });
    const activated = await browser.post('/api/v1/accounts/activate', {
      token: linkToken((await lastMessageTo(test.app, email)).text),
    });
    return { browser, number: activated.json<{ account: { number: string } }>().account.number };
  }

  const errorCode = (response: { body: string }) =>
    (JSON.parse(response.body) as { error: { code: string } }).error.code;

  it('asks a new browser for a code sent to the verified e-mail, then remembers it', async () => {
    await account('boris@example.org');
    const laptop = new TestBrowser(test.app, nextIp());
    const first = await laptop.post('/api/v1/sessions', { login: 'Boris@Example.org', password: PASSWORD });
    expect(first.statusCode).toBe(202);
    const challenge = first.json<{
      status: string;
      challengeId: string;
      destinations: { id: string; kind: string; masked: string }[];
      sentTo: string;
    }>();
    expect(challenge.status).toBe('verification_required');
    expect(challenge.destinations).toEqual([{ id: challenge.sentTo, kind: 'email', masked: 'bo***@example.org' }]);
    expect(laptop.cookies.has('nimbus_session')).toBe(false);

    const mail = await lastMessageTo(test.app, 'boris@example.org');
    expect(mail.subject).toBe('Ваш код подтверждения Nimbus');
    const verified = await laptop.post('/api/v1/sessions/verify', {
      challengeId: challenge.challengeId,
      code: sixDigitCode(mail.text),
    });
    expect(verified.statusCode).toBe(200);
    expect(laptop.cookies.has('nimbus_session')).toBe(true);

    // Signed out and back in: the remembered browser needs no code.
    laptop.cookies.delete('nimbus_session');
    const again = await laptop.post('/api/v1/sessions', { login: 'boris@example.org', password: PASSWORD });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ status: string }>().status).toBe('signed_in');
  });

  it('signs in with the account number too', async () => {
    const { browser, number } = await account('number@example.org');
    browser.cookies.delete('nimbus_session');
    const response = await browser.post('/api/v1/sessions', { login: number, password: PASSWORD });
    expect(response.statusCode).toBe(200);
  });

  it('answers an unknown login exactly like a wrong password', async () => {
    await account('known@example.org');
    const browser = new TestBrowser(test.app, nextIp());
    const unknown = await browser.post('/api/v1/sessions', { login: 'nobody@example.org', password: PASSWORD });
    const wrong = await browser.post('/api/v1/sessions', { login: 'known@example.org', password: 'Wrong-pass-1' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: string) => {
      const parsed = JSON.parse(body) as { error: { requestId?: string } };
      delete parsed.error.requestId;
      return parsed;
    };
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });

  it('burns a code after five wrong tries, and refuses an expired one', async () => {
    await account('codes@example.org');
    const browser = new TestBrowser(test.app, nextIp());
    const start = async () =>
      (await browser.post('/api/v1/sessions', { login: 'codes@example.org', password: PASSWORD })).json<{
        challengeId: string;
      }>().challengeId;
    const challengeId = await start();
    const right = sixDigitCode((await lastMessageTo(test.app, 'codes@example.org')).text);
    const wrongCode = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const response = await browser.post('/api/v1/sessions/verify', { challengeId, code: wrongCode });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('code_invalid');
    }
    const burnt = await browser.post('/api/v1/sessions/verify', { challengeId, code: right });
    expect(burnt.statusCode).toBe(400);
    expect(burnt.json<{ error: { details: { burnt: boolean } } }>().error.details.burnt).toBe(true);

    const second = await start();
    const code = sixDigitCode((await lastMessageTo(test.app, 'codes@example.org')).text);
    clock.advance(11 * MINUTE);
    const expired = await browser.post('/api/v1/sessions/verify', { challengeId: second, code });
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired)).toBe('code_expired');
  });

  it('limits resending the code, with Retry-After', async () => {
    await account('resend-code@example.org');
    const browser = new TestBrowser(test.app, nextIp());
    const challenge = (
      await browser.post('/api/v1/sessions', { login: 'resend-code@example.org', password: PASSWORD })
    ).json<{
      challengeId: string;
      sentTo: string;
    }>();
    const first = await browser.post('/api/v1/sessions/verify/resend', {
      challengeId: challenge.challengeId,
      destinationId: challenge.sentTo,
    });
    expect(first.statusCode).toBe(200);
    const tooSoon = await browser.post('/api/v1/sessions/verify/resend', {
      challengeId: challenge.challengeId,
      destinationId: challenge.sentTo,
    });
    expect(tooSoon.statusCode).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('asks the failing client for a captcha after 3 wrong passwords and slows it after 10, locking nobody else', async () => {
    await account('locked@example.org');
    const browser = new TestBrowser(test.app, nextIp());
    const attempt = () => browser.post('/api/v1/sessions', { login: 'locked@example.org', password: 'Wrong-pass-1' });
    const details: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await attempt();
      expect(response.statusCode).toBe(401);
      details.push(response.json<{ error: { details: { captchaRequired: boolean } } }>().error.details.captchaRequired);
    }
    expect(details).toEqual([false, false, true, true, true, true, true, true, true, true]);
    const slowed = await attempt();
    expect(slowed.statusCode).toBe(429);
    expect(errorCode(slowed)).toBe('rate_limited');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // That client waits, even with the right password; the account is not locked for anyone else.
    const right = await browser.post('/api/v1/sessions', { login: 'locked@example.org', password: PASSWORD });
    expect(right.statusCode).toBe(429);
    const elsewhere = new TestBrowser(test.app, nextIp());
    const fromElsewhere = await elsewhere.post('/api/v1/sessions', { login: 'locked@example.org', password: PASSWORD });
    expect(fromElsewhere.statusCode).toBe(202);
  });

  it('refuses a change without the CSRF token, and another account\u2019s session id', async () => {
    const { browser } = await account('csrf@example.org');
    const { browser: other } = await account('other@example.org');
    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const forged = await browser.post('/api/v1/sessions/revoke-others');
    expect(forged.statusCode).toBe(403);
    expect(errorCode(forged)).toBe('csrf_failed');
    browser.csrfToken = token;
    expect((await browser.post('/api/v1/sessions/revoke-others')).statusCode).toBe(200);
    // Another user's token does not work with this session either.
    browser.csrfToken = other.csrfToken;
    expect((await browser.post('/api/v1/sessions/revoke-others')).statusCode).toBe(403);
    browser.csrfToken = token;

    const otherSessions = (await other.get('/api/v1/sessions')).json<{ sessions: { id: string }[] }>().sessions;
    const stolenId = otherSessions[0]?.id ?? '';
    const response = await browser.request('DELETE', `/api/v1/sessions/${stolenId}`);
    expect(response.statusCode).toBe(404);
    expect((await other.get('/api/v1/session')).statusCode).toBe(200);
  });

  it('lists sessions with browser and IP, revokes one, and signs out', async () => {
    const { browser } = await account('sessions@example.org');
    const phone = new TestBrowser(test.app, nextIp());
    await phone.post('/api/v1/sessions', { login: 'sessions@example.org', password: PASSWORD });
    const challenge = await phone.post('/api/v1/sessions', { login: 'sessions@example.org', password: PASSWORD });
    await phone.post('/api/v1/sessions/verify', {
      challengeId: challenge.json<{ challengeId: string }>().challengeId,
      code: sixDigitCode((await lastMessageTo(test.app, 'sessions@example.org')).text),
    });
    const list = (await browser.get('/api/v1/sessions')).json<{
      sessions: { id: string; current: boolean; browser: string; ip: string }[];
    }>();
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((session) => session.current)).toHaveLength(1);
    expect(list.sessions[0]?.browser).toMatch(/^Chrome 126/);
    const phoneSession = list.sessions.find((session) => !session.current);
    expect(phoneSession?.ip).toBe(phone.ip);

    expect((await browser.request('DELETE', `/api/v1/sessions/${phoneSession?.id ?? ''}`)).statusCode).toBe(204);
    expect((await phone.get('/api/v1/session')).statusCode).toBe(401);

    expect((await browser.request('DELETE', '/api/v1/sessions/current')).statusCode).toBe(204);
    expect(browser.cookies.has('nimbus_session')).toBe(false);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(401);
  });
});
