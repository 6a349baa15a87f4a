import type { CaptchaChallenge } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { solveAltcha } from '../../core/captcha/solve-altcha.fixture.js';
import { createTestApp, type TestApp, TestBrowser, testDialects } from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

/** Every form that creates something for a stranger asks for the captcha; none of them does anything without it. */
describe.each(testDialects())('a wrong captcha on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    // The default captcha: ALTCHA proof of work.
    test = await createTestApp({ dialect, clock, runJobs: false });
  });
  afterAll(() => test.close());

  async function solvedCaptcha(browser: TestBrowser): Promise<string> {
    const challenge = (await browser.get('/api/v1/captcha')).json<CaptchaChallenge>();
    if (challenge.kind !== 'altcha') throw new Error(`expected an ALTCHA challenge, got ${challenge.kind}`);
    return solveAltcha(challenge.challenge);
  }

  const emailForm = (email: string, captcha?: string) => ({
    email,
    region: 'DE',
    birthDate: '1990-04-01',
    password: 'Orchid-walk-42',
    locale: 'en',
    ...(captcha === undefined ? {} : { captcha }),
  });
  const phoneForm = (phone: string, captcha?: string) => ({
    phone,
    phoneRegion: 'DE',
    region: 'DE',
    birthDate: '1990-04-01',
    locale: 'en',
    ...(captcha === undefined ? {} : { captcha }),
  });
  const errorCode = (response: { body: string }) =>
    (JSON.parse(response.body) as { error: { code: string } }).error.code;
  const outboxCount = async () =>
    Number(
      (
        await test.app.nimbus.database.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const identifierCount = async (value: string) =>
    (
      await test.app.nimbus.database.db
        .selectFrom('account_identifiers')
        .select('value')
        .where('value', '=', value)
        .execute()
    ).length;

  it('refuses sign-up by e-mail without a captcha, with garbage, and with a replayed one, storing nothing', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const email = 'captcha.email@example.org';
    const jobsBefore = await outboxCount();

    const missing = await browser.post('/api/v1/accounts/email', emailForm(email));
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('captcha_failed');

    const garbage = await browser.post('/api/v1/accounts/email', emailForm(email, 'bm90IGEgc29sdXRpb24='));
    expect(errorCode(garbage)).toBe('captcha_failed');
    expect(await identifierCount(email)).toBe(0);
    expect(await outboxCount()).toBe(jobsBefore);

    const solution = await solvedCaptcha(browser);
    const accepted = await browser.post('/api/v1/accounts/email', emailForm(email, solution));
    expect(accepted.statusCode).toBe(202);
    expect(await identifierCount(email)).toBe(1);

    // The same solved challenge twice is a replay, even for another address.
    const replay = await browser.post('/api/v1/accounts/email', emailForm('captcha.other@example.org', solution));
    expect(errorCode(replay)).toBe('captcha_failed');
    expect(await identifierCount('captcha.other@example.org')).toBe(0);
  });

  it('refuses sign-up by phone with a wrong captcha, sending no SMS', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const jobsBefore = await outboxCount();
    const refused = await browser.post('/api/v1/accounts/phone', phoneForm('+49 151 23456789', 'bm90IGEgc29sdXRpb24='));
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('captcha_failed');
    expect(await outboxCount()).toBe(jobsBefore);

    const accepted = await browser.post(
      '/api/v1/accounts/phone',
      phoneForm('+49 151 23456789', await solvedCaptcha(browser)),
    );
    expect(accepted.statusCode).toBe(202);
  });

  it('refuses "forgot password" with a wrong captcha', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const jobsBefore = await outboxCount();
    const refused = await browser.post('/api/v1/recovery', { login: 'captcha.email@example.org' });
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('captcha_failed');
    expect(await outboxCount()).toBe(jobsBefore);
  });
});
