import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { createTestApp, lastMessageTo, linkToken, type TestApp, TestBrowser, testDialects } from '../../test/index.js';
import { RESEND_COOLDOWN } from './registration.service.js';
import { HOUR } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe.each(testDialects())('registration by e-mail on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  const form = (email: string, overrides: Record<string, unknown> = {}) => ({
    email,
    region: 'DE',
    birthDate: '1990-04-01',
    password: 'Orchid-walk-42',
    locale: 'en',
    ...overrides,
  });

  it('creates a waiting account, mails an activation link, and the link signs the user in', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const response = await browser.post('/api/v1/accounts/email', form('  Anna.K@Example.org '));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'activation_sent', email: 'anna.k@example.org', resendAfterSeconds: 60 });

    const mail = await lastMessageTo(test.app, 'anna.k@example.org');
    expect(mail.subject).toBe('Activate your Nimbus account');
    expect(mail.text).toContain(`${test.app.nimbus.config.publicUrl}/activate?token=`);

    // Not active yet: the password does not sign in.
    const early = await new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', {
      login: 'anna.k@example.org',
      password: 'Orchid-walk-42',
    });
    expect(early.statusCode).toBe(401);

    const activated = await browser.post('/api/v1/accounts/activate', { token: linkToken(mail.text) });
    expect(activated.statusCode).toBe(200);
    const info = activated.json<{
      account: { number: string; identifiers: unknown[]; region: string };
      csrfToken: string;
    }>();
    expect(info.account.number).toMatch(/^[1-9]\d{9}$/);
    expect(info.account.identifiers).toEqual([{ kind: 'email', value: 'anna.k@example.org', verified: true }]);
    expect(browser.cookies.has('nimbus_session')).toBe(true);
    expect(browser.cookies.has('nimbus_browser')).toBe(true);
    const cookieHeader = activated.headers['set-cookie'];
    expect(String(cookieHeader)).toMatch(/HttpOnly/);
    expect(String(cookieHeader)).toMatch(/SameSite=Lax/);

    const me = await browser.get('/api/v1/session');
    expect(me.statusCode).toBe(200);
    expect(me.json<{ account: { number: string } }>().account.number).toBe(info.account.number);

    // A link works once.
    const again = await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/activate', {
      token: linkToken(mail.text),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('code_invalid');
  });

  it('refuses weak passwords with every problem listed, and stores nothing', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const cases: [string, string[]][] = [
      ['qZ7!x', ['too_short']],
      ['onlyletterslong', ['needs_digit']],
      ['1234567890', ['needs_letter', 'too_common']],
      ['password1', ['too_common']],
      ['x'.repeat(129) + '1', ['too_long']],
      ['weak.user2026', ['same_as_identifier']],
    ];
    for (const [password, problems] of cases) {
      const response = await browser.post('/api/v1/accounts/email', form('weak.user@example.org', { password }));
      expect(response.statusCode, password).toBe(422);
      const body = response.json<{ error: { code: string; details: { problems: string[] } } }>();
      expect(body.error.code).toBe('weak_password');
      expect(body.error.details.problems, password).toEqual(problems);
    }
    const rows = await test.app.nimbus.database.db
      .selectFrom('account_identifiers')
      .select('value')
      .where('value', '=', 'weak.user@example.org')
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses a bad e-mail, region or birth date with a clear error', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const badEmail = await browser.post('/api/v1/accounts/email', form('not-an-email'));
    expect(badEmail.statusCode).toBe(400);
    expect(
      badEmail.json<{ error: { code: string; details: { issues: { path: string }[] } } }>().error.details.issues[0]
        ?.path,
    ).toBe('body.email');
    const badRegion = await browser.post('/api/v1/accounts/email', form('region@example.org', { region: 'XX' }));
    expect(badRegion.statusCode).toBe(400);
    const future = await browser.post(
      '/api/v1/accounts/email',
      form('future@example.org', { birthDate: '2999-01-01' }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
  });

  it('answers the same for a taken address, and tells its owner instead', async () => {
    const first = new TestBrowser(test.app, nextIp());
    await first.post('/api/v1/accounts/email', form('taken@example.org'));
    await first.post('/api/v1/accounts/activate', {
      token: linkToken((await lastMessageTo(test.app, 'taken@example.org')).text),
    });

    // A minute later (rate limits keep real time, so the test clears the per-address cooldown).
    await test.app.nimbus.limits.reset('mail:cooldown', RESEND_COOLDOWN, 'taken@example.org');
    const intruder = new TestBrowser(test.app, nextIp());
    const response = await intruder.post(
      '/api/v1/accounts/email',
      form('taken@example.org', { password: 'Other-pass-77' }),
    );
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'activation_sent', email: 'taken@example.org', resendAfterSeconds: 60 });
    const notice = await lastMessageTo(test.app, 'taken@example.org');
    expect(notice.subject).toBe('Someone tried to create a Nimbus account with your address');
    const accounts = await test.app.nimbus.database.db
      .selectFrom('account_identifiers')
      .select('account_id')
      .where('value', '=', 'taken@example.org')
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('limits "resend activation e-mail" to once a minute, with Retry-After, for any address', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    await browser.post('/api/v1/accounts/email', form('resend@example.org'));
    for (const email of ['resend@example.org', 'nobody-here@example.org']) {
      const first =
        email === 'resend@example.org'
          ? undefined
          : await browser.post('/api/v1/accounts/activation/resend', { email });
      if (first !== undefined) expect(first.statusCode).toBe(202);
      const tooSoon = await browser.post('/api/v1/accounts/activation/resend', { email });
      expect(tooSoon.statusCode, email).toBe(429);
      expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
      expect(tooSoon.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    }
  });

  it('refuses an expired activation link', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    await browser.post('/api/v1/accounts/email', form('slow@example.org'));
    const token = linkToken((await lastMessageTo(test.app, 'slow@example.org')).text);
    clock.advance(25 * HOUR);
    const response = await browser.post('/api/v1/accounts/activate', { token });
    expect(response.statusCode).toBe(410);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('code_expired');
  });
});
