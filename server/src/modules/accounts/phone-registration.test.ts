import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  lastMessageTo,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';
import { MINUTE } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.3.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe.each(testDialects())('registration by phone on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  const form = (phone: string, overrides: Record<string, unknown> = {}) => ({
    phone,
    phoneRegion: 'RU',
    region: 'RU',
    birthDate: '1991-07-15',
    locale: 'ru',
    ...overrides,
  });
  const errorCode = (response: { body: string }) =>
    (JSON.parse(response.body) as { error: { code: string } }).error.code;

  it('sends a code by SMS, then the password makes the account active and signs in', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const started = await browser.post('/api/v1/accounts/phone', form('8 (916) 123-45-67'));
    expect(started.statusCode).toBe(202);
    const body = started.json<{ status: string; registrationId: string; phone: string }>();
    expect(body).toMatchObject({ status: 'code_sent', phone: '+79161234567' });

    const sms = await lastMessageTo(test.app, '+79161234567');
    expect(sms.text).toMatch(/^Код Nimbus: \d{6}/);
    const verified = await browser.post('/api/v1/accounts/phone/verify', {
      registrationId: body.registrationId,
      code: sixDigitCode(sms.text),
    });
    expect(verified.statusCode).toBe(200);
    const { setupToken } = verified.json<{ setupToken: string }>();

    const weak = await browser.post('/api/v1/accounts/phone/complete', {
      registrationId: body.registrationId,
      setupToken,
      password: 'a89161234567',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json<{ error: { details: { problems: string[] } } }>().error.details.problems).toEqual([
      'same_as_identifier',
    ]);

    const done = await browser.post('/api/v1/accounts/phone/complete', {
      registrationId: body.registrationId,
      setupToken,
      password: 'Orchid-walk-42',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json<{ account: { identifiers: unknown[] } }>().account.identifiers).toEqual([
      { kind: 'phone', value: '+79161234567', verified: true },
    ]);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
    // The setup token works once.
    const again = await browser.post('/api/v1/accounts/phone/complete', {
      registrationId: body.registrationId,
      setupToken,
      password: 'Orchid-walk-43',
    });
    expect(errorCode(again)).toBe('code_invalid');

    // And the number signs in (a new browser gets its code by SMS).
    const other = new TestBrowser(test.app, nextIp());
    const signIn = await other.post('/api/v1/sessions', { login: '+7 916 123-45-67', password: 'Orchid-walk-42' });
    expect(signIn.statusCode).toBe(202);
    expect(signIn.json<{ destinations: { masked: string }[] }>().destinations[0]?.masked).toBe('+7 *** *** ** 67');
  });

  it('refuses an unparseable number with the field named', async () => {
    const response = await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/phone', form('12'));
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; details: { issues: { path: string }[] } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues[0]?.path).toBe('body.phone');
  });

  it('answers the same for a number that has an account, and tells its owner', async () => {
    const owner = new TestBrowser(test.app, nextIp());
    const first = (await owner.post('/api/v1/accounts/phone', form('+49 170 1234567', { phoneRegion: 'DE' }))).json<{
      registrationId: string;
    }>();
    const code = sixDigitCode((await lastMessageTo(test.app, '+491701234567')).text);
    const { setupToken } = (
      await owner.post('/api/v1/accounts/phone/verify', { registrationId: first.registrationId, code })
    ).json<{ setupToken: string }>();
    await owner.post('/api/v1/accounts/phone/complete', {
      registrationId: first.registrationId,
      setupToken,
      password: 'Orchid-walk-42',
    });

    await test.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, '+491701234567');
    const intruder = new TestBrowser(test.app, nextIp());
    const response = await intruder.post('/api/v1/accounts/phone', form('01701234567', { phoneRegion: 'DE' }));
    expect(response.statusCode).toBe(202);
    expect(Object.keys(response.json<object>()).sort()).toEqual([
      'phone',
      'registrationId',
      'resendAfterSeconds',
      'status',
    ]);
    expect((await lastMessageTo(test.app, '+491701234567')).text).toMatch(/^Кто-то пытался/);
    const guess = await intruder.post('/api/v1/accounts/phone/verify', {
      registrationId: response.json<{ registrationId: string }>().registrationId,
      code: '123456',
    });
    expect(errorCode(guess)).toBe('code_invalid');
  });

  it('resends, refuses codes and expires for a number with an account just as for a new one', async () => {
    const resetCooldown = (phone: string) =>
      test.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, phone);
    // An account with the number +7 926 555-01-02, and a number nobody has, +7 926 555-01-03.
    const owner = new TestBrowser(test.app, nextIp());
    const mine = (await owner.post('/api/v1/accounts/phone', form('+7 926 555-01-02'))).json<{
      registrationId: string;
    }>();
    const code = sixDigitCode((await lastMessageTo(test.app, '+79265550102')).text);
    const { setupToken } = (
      await owner.post('/api/v1/accounts/phone/verify', { registrationId: mine.registrationId, code })
    ).json<{ setupToken: string }>();
    const completed = await owner.post('/api/v1/accounts/phone/complete', {
      registrationId: mine.registrationId,
      setupToken,
      password: 'Orchid-walk-42',
    });
    expect(completed.statusCode).toBe(200);
    await resetCooldown('+79265550102');

    const intruder = new TestBrowser(test.app, nextIp());
    const taken = (await intruder.post('/api/v1/accounts/phone', form('+7 926 555-01-02'))).json<{
      registrationId: string;
    }>();
    const fresh = (await intruder.post('/api/v1/accounts/phone', form('+7 926 555-01-03'))).json<{
      registrationId: string;
    }>();
    const answers = async (registrationId: string, phone: string) => {
      await resetCooldown(phone);
      const resent = await intruder.post('/api/v1/accounts/phone/resend', { registrationId });
      const tries = [];
      for (let i = 0; i < 5; i++) {
        const wrong = await intruder.post('/api/v1/accounts/phone/verify', { registrationId, code: '000000' });
        tries.push([wrong.statusCode, wrong.json<{ error: { details: unknown } }>().error.details]);
      }
      const tooSoon = await intruder.post('/api/v1/accounts/phone/resend', { registrationId });
      return {
        resent: [resent.statusCode, Object.keys(resent.json<object>()).sort()],
        tries,
        tooSoon: tooSoon.statusCode,
      };
    };
    const forTaken = await answers(taken.registrationId, '+79265550102');
    expect(forTaken).toEqual(await answers(fresh.registrationId, '+79265550103'));
    expect(forTaken.resent[0]).toBe(202);
    expect(forTaken.tries.at(-1)).toEqual([400, { burnt: true }]);
    expect(forTaken.tooSoon).toBe(429);
    // The owner is told again on each resend, and never sent a code.
    expect((await lastMessageTo(test.app, '+79265550102')).text).toMatch(/^Кто-то пытался/);

    await resetCooldown('+79265550102');
    await resetCooldown('+79265550103');
    await intruder.post('/api/v1/accounts/phone/resend', { registrationId: taken.registrationId });
    await intruder.post('/api/v1/accounts/phone/resend', { registrationId: fresh.registrationId });
    clock.advance(11 * MINUTE);
    for (const registrationId of [taken.registrationId, fresh.registrationId]) {
      const late = await intruder.post('/api/v1/accounts/phone/verify', { registrationId, code: '000000' });
      expect(errorCode(late)).toBe('code_expired');
    }
    // And the owner still signs in with the password.
    const signIn = await owner.post('/api/v1/sessions', { login: '+79265550102', password: 'Orchid-walk-42' });
    expect(signIn.statusCode).toBe(200);
  });

  it('starts over a sign-up whose code was right but whose password was never chosen', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const first = (await browser.post('/api/v1/accounts/phone', form('+7 926 555-02-01'))).json<{
      registrationId: string;
    }>();
    const firstCode = sixDigitCode((await lastMessageTo(test.app, '+79265550201')).text);
    const { setupToken: abandoned } = (
      await browser.post('/api/v1/accounts/phone/verify', { registrationId: first.registrationId, code: firstCode })
    ).json<{ setupToken: string }>();

    // The page was closed before the password; the same number signs up again and gets a code, not
    // the "someone tried your number" message.
    await test.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, '+79265550201');
    const again = await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/phone', form('89265550201'));
    expect(again.statusCode).toBe(202);
    const second = again.json<{ registrationId: string }>();
    const secondCode = sixDigitCode((await lastMessageTo(test.app, '+79265550201')).text);
    const late = await browser.post('/api/v1/accounts/phone/complete', {
      registrationId: first.registrationId,
      setupToken: abandoned,
      password: 'Orchid-walk-42',
    });
    expect(errorCode(late)).toBe('code_invalid');

    const { setupToken } = (
      await browser.post('/api/v1/accounts/phone/verify', { registrationId: second.registrationId, code: secondCode })
    ).json<{ setupToken: string }>();
    const done = await browser.post('/api/v1/accounts/phone/complete', {
      registrationId: second.registrationId,
      setupToken,
      password: 'Orchid-walk-42',
    });
    expect(done.statusCode).toBe(200);
  });

  it('burns the code after five wrong tries, refuses it expired, and limits resending', async () => {
    const browser = new TestBrowser(test.app, nextIp());
    const { registrationId } = (await browser.post('/api/v1/accounts/phone', form('+7 903 765-43-21'))).json<{
      registrationId: string;
    }>();
    const right = sixDigitCode((await lastMessageTo(test.app, '+79037654321')).text);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect(errorCode(await browser.post('/api/v1/accounts/phone/verify', { registrationId, code: wrong }))).toBe(
        'code_invalid',
      );
    expect(errorCode(await browser.post('/api/v1/accounts/phone/verify', { registrationId, code: right }))).toBe(
      'code_invalid',
    );

    const tooSoon = await browser.post('/api/v1/accounts/phone/resend', { registrationId });
    expect(tooSoon.statusCode).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

    await test.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, '+79037654321');
    expect((await browser.post('/api/v1/accounts/phone/resend', { registrationId })).statusCode).toBe(202);
    const fresh = sixDigitCode((await lastMessageTo(test.app, '+79037654321')).text);
    clock.advance(11 * MINUTE);
    const expired = await browser.post('/api/v1/accounts/phone/verify', { registrationId, code: fresh });
    expect(expired.statusCode).toBe(410);
  });
});
