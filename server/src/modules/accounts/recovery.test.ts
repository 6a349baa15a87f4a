import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { newId } from '../../core/ids.js';
import {
  createTestApp,
  lastMessageTo,
  linkToken,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';
import { RECOVERY_COOLDOWN } from './recovery.service.js';
import { MINUTE } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.4.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const PASSWORD = 'Orchid-walk-42';
const NEW_PASSWORD = 'Lantern-moss-77';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Response = Awaited<ReturnType<TestBrowser['post']>>;
const errorOf = (response: Response) =>
  response.json<{ error: { code: string; details?: { burnt?: boolean; problems?: string[] } } }>().error;

function resetToken(text: string): string {
  const match = /\/recover\?token=([\w%-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no reset link in: ${text}`);
  return decodeURIComponent(match[1]);
}

describe.each(testDialects())('"forgot password" on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  /** An active account, signed in on the browser that activated it; optionally with a verified phone. */
  async function account(email: string, phone?: string) {
    const browser = new TestBrowser(test.app, nextIp());
    await browser.post('/api/v1/accounts/email', {
      email,
      region: 'DE',
      birthDate: '1988-06-09',
      password: PASSWORD,
      locale: 'en',
    });
    const activated = await browser.post('/api/v1/accounts/activate', {
      token: linkToken((await lastMessageTo(test.app, email)).text),
    });
    const { id, number } = activated.json<{ account: { id: string; number: string } }>().account;
    if (phone !== undefined) {
      const now = clock.now();
      await test.app.nimbus.database.db
        .insertInto('account_identifiers')
        .values({ id: newId(), account_id: id, kind: 'phone', value: phone, verified_at: now, created_at: now })
        .execute();
    }
    return { browser, id, number };
  }

  const recover = (login: string, browser = new TestBrowser(test.app, nextIp())) =>
    browser.post('/api/v1/recovery', { login });
  const signIn = (login: string, password: string, browser = new TestBrowser(test.app, nextIp())) =>
    browser.post('/api/v1/sessions', { login, password });

  it('mails a one-hour link that sets a new password and signs every session out', async () => {
    const { browser: signedIn } = await account('rita@example.org');
    const intruder = new TestBrowser(test.app, nextIp());
    for (let i = 0; i < 10; i++) await signIn('rita@example.org', 'Wrong-pass-1', intruder);
    // The guessing client waits; nobody else does.
    expect((await signIn('rita@example.org', PASSWORD, intruder)).statusCode).toBe(429);

    const started = await recover('Rita@Example.org');
    expect(started.statusCode).toBe(202);
    const body = started.json<{ recoveryId: string }>();
    expect(body).toEqual({ status: 'recovery_started', recoveryId: body.recoveryId, resendAfterSeconds: 60 });
    expect(body.recoveryId).toMatch(UUID_V7);
    const mail = await lastMessageTo(test.app, 'rita@example.org');
    expect(mail.subject).toBe('Reset your Nimbus password');
    expect(mail.text).toContain(`${test.app.nimbus.config.publicUrl}/recover?token=`);
    const token = resetToken(mail.text);

    const weak = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token,
      password: 'password1',
    });
    expect(weak.statusCode).toBe(422);
    expect(errorOf(weak)).toMatchObject({ code: 'weak_password', details: { problems: ['too_common'] } });
    // Not the e-mail itself either, which is checked once the link has proved the person.
    const own = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token,
      password: 'rita2026!x',
    });
    expect(errorOf(own).details?.problems).toEqual(['same_as_identifier']);

    const done = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token,
      password: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ status: 'password_changed' });
    expect((await lastMessageTo(test.app, 'rita@example.org')).subject).toBe('Your Nimbus password was changed');

    expect((await signedIn.get('/api/v1/session')).statusCode).toBe(401);
    expect((await signIn('rita@example.org', PASSWORD)).statusCode).toBe(401);
    // The browser that was remembered still needs no code.
    const back = await signIn('rita@example.org', NEW_PASSWORD, signedIn);
    expect(back.statusCode).toBe(200);
    const events = (await signedIn.get('/api/v1/account/security-events')).json<{ events: { type: string }[] }>();
    expect(events.events.map((event) => event.type)).toContain('password_recovered');

    const again = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token,
      password: 'Another-pass-88',
    });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).code).toBe('code_invalid');
  });

  it('refuses a link after an hour', async () => {
    await account('late@example.org');
    await recover('late@example.org');
    const token = resetToken((await lastMessageTo(test.app, 'late@example.org')).text);
    clock.advance(61 * MINUTE);
    const response = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      token,
      password: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(410);
    expect(errorOf(response).code).toBe('code_expired');
  });

  it('texts a 6-digit code to a phone, and takes it with the recovery id', async () => {
    const { browser: signedIn } = await account('phil@example.org', '+4915123456789');
    const started = await recover('+49 1512 3456789');
    expect(started.statusCode).toBe(202);
    const { recoveryId } = started.json<{ recoveryId: string }>();
    const sms = await lastMessageTo(test.app, '+4915123456789');
    expect(sms.text).toMatch(/^Nimbus code: \d{6}\nValid for 10 min/);
    const code = sixDigitCode(sms.text);
    const browser = new TestBrowser(test.app, nextIp());

    // A password repeating the phone is refused only once the code is right, and the code survives it.
    const own = await browser.post('/api/v1/recovery/complete', { recoveryId, code, password: 'a015123456789' });
    expect(errorOf(own)).toMatchObject({ code: 'weak_password', details: { problems: ['same_as_identifier'] } });
    const done = await browser.post('/api/v1/recovery/complete', { recoveryId, code, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect((await lastMessageTo(test.app, '+4915123456789')).text).toMatch(/^Nimbus: your password was changed/);
    expect((await signedIn.get('/api/v1/session')).statusCode).toBe(401);
    expect((await signIn('phil@example.org', NEW_PASSWORD, signedIn)).statusCode).toBe(200);
  });

  it('sends to the e-mail of an account number, or to its phone when it has no verified e-mail', async () => {
    const { id, number } = await account('numbered@example.org', '+4915198765432');
    await recover(number);
    expect((await lastMessageTo(test.app, 'numbered@example.org')).subject).toBe('Reset your Nimbus password');
    await test.app.nimbus.database.db
      .updateTable('account_identifiers')
      .set({ verified_at: null })
      .where('account_id', '=', id)
      .where('kind', '=', 'email')
      .execute();
    clock.advance(MINUTE);
    await test.app.nimbus.limits.reset('recovery:cooldown', RECOVERY_COOLDOWN, number);
    const { recoveryId } = (await recover(number)).json<{ recoveryId: string }>();
    const code = sixDigitCode((await lastMessageTo(test.app, '+4915198765432')).text);
    const done = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
      recoveryId,
      code,
      password: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(200);
  });

  it('answers an unknown login exactly as a known one, up to burnt and expired codes', async () => {
    await account('known-phone@example.org', '+4915111122233');
    const known = await recover('+4915111122233');
    const unknown = await recover('+4915199988877');
    const unknownEmail = await recover('nobody@example.org');
    const unknownNumber = await recover('1234567890');
    for (const response of [known, unknown, unknownEmail, unknownNumber]) {
      expect(response.statusCode).toBe(202);
      const body = response.json<{ status: string; recoveryId: string; resendAfterSeconds: number }>();
      expect(Object.keys(body).sort()).toEqual(['recoveryId', 'resendAfterSeconds', 'status']);
      expect(body).toMatchObject({ status: 'recovery_started', resendAfterSeconds: 60 });
      expect(body.recoveryId).toMatch(UUID_V7);
    }

    const right = sixDigitCode((await lastMessageTo(test.app, '+4915111122233')).text);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers: Record<string, unknown[]> = { known: [], unknown: [] };
    for (const [name, response] of [
      ['known', known],
      ['unknown', unknown],
    ] as const) {
      const { recoveryId } = response.json<{ recoveryId: string }>();
      const browser = new TestBrowser(test.app, nextIp());
      const attempt = async (code: string) => {
        const result = await browser.post('/api/v1/recovery/complete', { recoveryId, code, password: NEW_PASSWORD });
        const { code: errorCode, details } = errorOf(result);
        answers[name]?.push([result.statusCode, errorCode, details]);
      };
      for (let i = 0; i < 5; i++) await attempt(wrong);
      await attempt(right);
    }
    expect(answers.unknown).toEqual(answers.known);
    expect(answers.known?.at(-1)).toEqual([400, 'code_invalid', { burnt: true }]);

    // Ten minutes later, both codes are expired.
    const fresh = await recover('nobody-else@example.org');
    const knownAgain = await recover('known-phone@example.org');
    clock.advance(11 * MINUTE);
    for (const response of [fresh, knownAgain, known]) {
      const result = await new TestBrowser(test.app, nextIp()).post('/api/v1/recovery/complete', {
        recoveryId: response.json<{ recoveryId: string }>().recoveryId,
        code: wrong,
        password: NEW_PASSWORD,
      });
      expect(result.statusCode).toBe(410);
      expect(errorOf(result).code).toBe('code_expired');
    }
  });

  it('limits asking again for the same login, known or not, with Retry-After', async () => {
    await account('twice@example.org');
    for (const login of ['twice@example.org', 'never-registered@example.org']) {
      expect((await recover(login)).statusCode).toBe(202);
      const tooSoon = await recover(login);
      expect(tooSoon.statusCode, login).toBe(429);
      expect(errorOf(tooSoon).code).toBe('rate_limited');
      expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('refuses a login that is neither an e-mail, a phone number nor an account number', async () => {
    const response = await recover('not a login');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('bad_request');
  });
});
