import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ManualClock } from '../../core/time.js';
import {
  createTestApp,
  lastMessageTo,
  owner,
  PASSWORD,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.8.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

interface Refusal {
  error: { code: string; details?: { burnt?: boolean; retryAfterSeconds?: number } };
}

describe.each(testDialects())('new-device codes on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  /** A correct-password sign-in from `browser`: its challenge id and the code mailed for it. */
  async function challenge(email: string, browser: TestBrowser) {
    const response = await browser.post('/api/v1/sessions', { login: email, password: PASSWORD });
    expect(response.statusCode).toBe(202);
    const code = sixDigitCode((await lastMessageTo(test.app, email)).text);
    return { challengeId: response.json<{ challengeId: string }>().challengeId, code };
  }
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');
  const verify = (browser: TestBrowser, challengeId: string, code: string) =>
    browser.post('/api/v1/sessions/verify', { challengeId, code });

  it('checks exactly five codes of 300 guesses sent at once, and then not even the right one', async () => {
    await owner(test.app, 'raced@example.org', nextIp());
    const browser = new TestBrowser(test.app, nextIp());
    const { challengeId, code } = await challenge('raced@example.org', browser);
    const guesses = await Promise.all(
      Array.from({ length: 300 }, () => verify(new TestBrowser(test.app, nextIp()), challengeId, wrong(code))),
    );
    expect(new Set(guesses.map((response) => response.statusCode))).toEqual(new Set([400]));
    const bodies = guesses.map((response) => response.json<Refusal>().error);
    expect(bodies.every((body) => body.code === 'code_invalid')).toBe(true);
    // Four "not right" then the fifth burns it; every other guess was refused without a look.
    expect(bodies.filter((body) => body.details?.burnt === false)).toHaveLength(4);
    expect(bodies.filter((body) => body.details?.burnt === true)).toHaveLength(296);
    const row = await test.app.nimbus.database.db
      .selectFrom('verifications')
      .select('attempts')
      .where('id', '=', challengeId)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);

    const right = await verify(browser, challengeId, code);
    expect(right.statusCode).toBe(400);
    expect(right.json<Refusal>().error.details?.burnt).toBe(true);
  });

  it('ends the earlier code when the password is typed again', async () => {
    await owner(test.app, 'replaced@example.org', nextIp());
    const browser = new TestBrowser(test.app, nextIp());
    const first = await challenge('replaced@example.org', browser);
    const second = await challenge('replaced@example.org', browser);
    const old = await verify(browser, first.challengeId, first.code);
    expect(old.statusCode).toBe(400);
    expect(old.json<Refusal>().error.code).toBe('code_invalid');
    expect((await verify(browser, second.challengeId, second.code)).statusCode).toBe(200);
  });

  it('sends at most 10 codes a day to an account, then asks for the e-mail link or a wait', async () => {
    await owner(test.app, 'sent@example.org', nextIp());
    const browser = new TestBrowser(test.app, nextIp());
    for (let i = 0; i < 10; i++) await challenge('sent@example.org', browser);
    // From anywhere: the budget is the account's.
    const refused = await new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', {
      login: 'sent@example.org',
      password: PASSWORD,
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<Refusal>().error.code).toBe('code_budget_exhausted');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(DAY / 1000);

    clock.advance(DAY);
    const next = await challenge('sent@example.org', browser);
    expect((await verify(browser, next.challengeId, next.code)).statusCode).toBe(200);
  });

  it('accepts at most 20 wrong codes a day for an account, across its sign-ins; a reset password starts over', async () => {
    await owner(test.app, 'guessed@example.org', nextIp());
    const browser = new TestBrowser(test.app, nextIp());
    for (let round = 0; round < 4; round++) {
      const { challengeId, code } = await challenge('guessed@example.org', browser);
      for (let i = 0; i < 5; i++) expect((await verify(browser, challengeId, wrong(code))).statusCode).toBe(400);
    }
    const refused = await browser.post('/api/v1/sessions', { login: 'guessed@example.org', password: PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<Refusal>().error.code).toBe('code_budget_exhausted');

    // "Forgot password" by e-mail: whoever spent the budget no longer has the password.
    await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery', { login: 'guessed@example.org' });
    const link = /\/recover\?token=([\w%-]+)/.exec((await lastMessageTo(test.app, 'guessed@example.org')).text);
    const done = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token: decodeURIComponent(link?.[1] ?? ''),
      password: 'Fresh-lantern-77',
    });
    expect(done.statusCode).toBe(200);
    const again = await browser.post('/api/v1/sessions', {
      login: 'guessed@example.org',
      password: 'Fresh-lantern-77',
    });
    expect(again.statusCode).toBe(202);
  });

  it('gives back the try a right code took: 19 wrong codes, then the right one signs in', async () => {
    await owner(test.app, 'budget@example.org', nextIp());
    const browser = new TestBrowser(test.app, nextIp());
    for (let round = 0; round < 3; round++) {
      const { challengeId, code } = await challenge('budget@example.org', browser);
      for (let i = 0; i < 5; i++) await verify(browser, challengeId, wrong(code));
    }
    const { challengeId, code } = await challenge('budget@example.org', browser);
    for (let i = 0; i < 4; i++) await verify(browser, challengeId, wrong(code));
    // 19 wrong so far: the right code still works (and is not counted as wrong).
    expect((await verify(browser, challengeId, code)).statusCode).toBe(200);
  });
});
