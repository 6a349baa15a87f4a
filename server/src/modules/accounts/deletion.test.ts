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
import { AccountsRepo } from './accounts.repo.js';
import { formatDate } from './deletion.service.js';
import { MINUTE, DAY } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.3.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const PASSWORD = 'Orchid-walk-42';

interface AccountBody {
  account: { id: string; status: string; deletionDueAt: string | null };
}

describe.each(testDialects())('deleting an account on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  /** A registered, activated and signed-in account. */
  const account = (email: string, locale = 'en') =>
    activatedAccount(test.app, email, { ip: nextIp(), password: PASSWORD, locale, region: 'DE' });

  /** Asks for a deletion code and reads it from the mail. */
  async function deletionCode(browser: TestBrowser, email: string): Promise<{ challengeId: string; code: string }> {
    const response = await browser.post('/api/v1/account/deletion/code');
    expect(response.statusCode).toBe(200);
    const { challengeId } = response.json<{ challengeId: string }>();
    return { challengeId, code: sixDigitCode((await lastMessageTo(test.app, email)).text) };
  }

  const errorCode = (response: { body: string }) =>
    (JSON.parse(response.body) as { error: { code: string } }).error.code;

  it('schedules the deletion with the password and a code, shows its end, and cancels it', async () => {
    const browser = await account('leaving@example.org', 'ru');
    const sent = await browser.post('/api/v1/account/deletion/code', {});
    expect(sent.statusCode).toBe(200);
    const challenge = sent.json<{
      challengeId: string;
      destinations: unknown[];
      sentTo: string;
      resendAfterSeconds: number;
    }>();
    expect(challenge.destinations).toEqual([{ id: challenge.sentTo, kind: 'email', masked: 'le***@example.org' }]);
    expect(challenge.resendAfterSeconds).toBe(60);
    const code = sixDigitCode((await lastMessageTo(test.app, 'leaving@example.org')).text);

    const scheduled = await browser.post('/api/v1/account/deletion', {
      password: PASSWORD,
      challengeId: challenge.challengeId,
      code,
    });
    expect(scheduled.statusCode).toBe(200);
    const dueAt = clock.now() + 7 * DAY;
    expect(scheduled.json<AccountBody>().account).toMatchObject({
      status: 'deleting',
      deletionDueAt: new Date(dueAt).toISOString(),
    });
    const mail = await lastMessageTo(test.app, 'leaving@example.org');
    expect(mail.subject).toBe('Ваша учётная запись Nimbus будет удалена');
    expect(mail.text).toContain(formatDate(dueAt, 'ru'));
    expect(formatDate(Date.UTC(2026, 10, 29, 9, 0), 'ru')).toBe('29 ноября 2026 г. в 09:00 UTC');

    // Signing in again during the grace period works, and shows the pending deletion.
    browser.cookies.delete('nimbus_session');
    const signedIn = await browser.post('/api/v1/sessions', { login: 'leaving@example.org', password: PASSWORD });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json<AccountBody>().account.status).toBe('deleting');
    // Nothing more to confirm while it is pending.
    const again = await browser.post('/api/v1/account/deletion/code');
    expect(again.statusCode).toBe(409);

    const cancelled = await browser.request('DELETE', '/api/v1/account/deletion');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<AccountBody>().account).toMatchObject({ status: 'active', deletionDueAt: null });
    expect((await lastMessageTo(test.app, 'leaving@example.org')).subject).toBe(
      'Удаление учётной записи Nimbus отменено',
    );

    const id = cancelled.json<AccountBody>().account.id;
    const events = await test.app.nimbus.database.db
      .selectFrom('security_events')
      .select('type')
      .where('account_id', '=', id)
      .where('type', 'in', ['deletion_requested', 'deletion_cancelled'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.type)).toEqual(['deletion_requested', 'deletion_cancelled']);
  });

  it('lists the verified contacts a code can go to, and sends it to the one picked', async () => {
    const browser = await account('two-contacts@example.org');
    const session = (await browser.get('/api/v1/session')).json<AccountBody>();
    const repo = new AccountsRepo(test.app.nimbus.database.db);
    // A verified phone besides the e-mail: the owner picks which of the two gets the code.
    await repo.insertIdentifier({
      id: '019a0000-0000-7000-8000-0000000d1e7e',
      account_id: session.account.id,
      kind: 'phone',
      value: '+79161234567',
      verified_at: clock.now(),
      created_at: clock.now(),
    });
    const listed = await browser.get('/api/v1/account/deletion/destinations');
    expect(listed.statusCode).toBe(200);
    const { destinations } = listed.json<{ destinations: { id: string; kind: string; masked: string }[] }>();
    expect(destinations.map(({ kind, masked }) => ({ kind, masked }))).toEqual([
      { kind: 'email', masked: 'tw***@example.org' },
      { kind: 'phone', masked: '+7 *** *** ** 67' },
    ]);

    const phone = destinations[1]?.id;
    const sent = await browser.post('/api/v1/account/deletion/code', { destinationId: phone });
    expect(sent.statusCode).toBe(200);
    expect(sent.json<{ sentTo: string }>().sentTo).toBe(phone);
    const code = sixDigitCode((await lastMessageTo(test.app, '+79161234567')).text);
    const { challengeId } = sent.json<{ challengeId: string }>();
    const scheduled = await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code });
    expect(scheduled.statusCode).toBe(200);

    // Nothing to pick while the deletion is pending; nothing at all without a session.
    expect((await browser.get('/api/v1/account/deletion/destinations')).statusCode).toBe(409);
    const stranger = new TestBrowser(test.app, nextIp());
    expect((await stranger.get('/api/v1/account/deletion/destinations')).statusCode).toBe(401);
  });

  it('refuses a wrong password with 401, and the code still works after it', async () => {
    const browser = await account('wrong-password@example.org');
    const { challengeId, code } = await deletionCode(browser, 'wrong-password@example.org');
    const wrong = await browser.post('/api/v1/account/deletion', { password: 'Not-my-pass-1', challengeId, code });
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('invalid_credentials');
    expect((await browser.get('/api/v1/session')).json<AccountBody>().account.status).toBe('active');
    const right = await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code });
    expect(right.statusCode).toBe(200);
  });

  it('burns the code after five wrong tries', async () => {
    const browser = await account('five-wrong@example.org');
    const { challengeId, code } = await deletionCode(browser, 'five-wrong@example.org');
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const response = await browser.post('/api/v1/account/deletion', {
        password: PASSWORD,
        challengeId,
        code: wrongCode,
      });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('code_invalid');
    }
    const burnt = await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code });
    expect(burnt.statusCode).toBe(400);
    expect(burnt.json<{ error: { details: { burnt: boolean } } }>().error.details.burnt).toBe(true);
    expect((await browser.get('/api/v1/session')).json<AccountBody>().account.status).toBe('active');
  });

  it('refuses an expired code, and a code of another account', async () => {
    const browser = await account('expired@example.org');
    const other = await account('other-code@example.org');
    const { challengeId, code } = await deletionCode(browser, 'expired@example.org');
    const foreign = await other.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code });
    expect(foreign.statusCode).toBe(404);
    clock.advance(11 * MINUTE);
    const expired = await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code });
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired)).toBe('code_expired');
  });

  it('refuses every step without the CSRF token, and without a session', async () => {
    const browser = await account('csrf-delete@example.org');
    const { challengeId, code } = await deletionCode(browser, 'csrf-delete@example.org');
    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const attempts = [
      await browser.post('/api/v1/account/deletion/code'),
      await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code }),
      await browser.request('DELETE', '/api/v1/account/deletion'),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(errorCode(response)).toBe('csrf_failed');
    }
    browser.csrfToken = token;
    expect((await browser.get('/api/v1/session')).json<AccountBody>().account.status).toBe('active');

    const stranger = new TestBrowser(test.app, nextIp());
    const anonymous = [
      await stranger.post('/api/v1/account/deletion/code'),
      await stranger.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code }),
      await stranger.request('DELETE', '/api/v1/account/deletion'),
    ];
    for (const response of anonymous) {
      expect(response.statusCode).toBe(401);
      expect(errorCode(response)).toBe('unauthorized');
    }
  });

  it('answers 409 to a cancel when no deletion is pending', async () => {
    const browser = await account('nothing-pending@example.org');
    const response = await browser.request('DELETE', '/api/v1/account/deletion');
    expect(response.statusCode).toBe(409);
    expect(errorCode(response)).toBe('conflict');
  });

  it('limits asking for codes, with Retry-After', async () => {
    const browser = await account('code-limit@example.org');
    expect((await browser.post('/api/v1/account/deletion/code')).statusCode).toBe(200);
    const tooSoon = await browser.post('/api/v1/account/deletion/code');
    expect(tooSoon.statusCode).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses to cancel once the grace period is over', async () => {
    const browser = await account('too-late@example.org');
    const { challengeId, code } = await deletionCode(browser, 'too-late@example.org');
    expect((await browser.post('/api/v1/account/deletion', { password: PASSWORD, challengeId, code })).statusCode).toBe(
      200,
    );
    clock.advance(7 * DAY);
    const late = await browser.request('DELETE', '/api/v1/account/deletion');
    expect(late.statusCode).toBe(409);
    expect((await browser.get('/api/v1/session')).json<AccountBody>().account.status).toBe('deleting');
  });
});
