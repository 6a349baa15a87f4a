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
import { MINUTE } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const PASSWORD = 'Orchid-walk-42';

type Response = Awaited<ReturnType<TestBrowser['post']>>;
interface ErrorBody {
  error: { code: string; details?: { burnt?: boolean; issues?: { path: string }[] } };
}
const errorOf = (response: Response) => response.json<ErrorBody>().error;
interface CodeSent {
  challengeId: string;
  kind: string;
  masked: string;
  resendAfterSeconds: number;
}
interface AccountBody {
  account: { identifiers: { kind: string; value: string; verified: boolean }[] };
}

describe.each(testDialects())('adding and changing the e-mail or phone on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  const account = (email: string) => activatedAccount(test.app, email, { ip: nextIp(), password: PASSWORD });

  const signIn = (login: string) =>
    new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', { login, password: PASSWORD });

  it('changes the e-mail with the password and a code to the new address, and tells the old one', async () => {
    const browser = await account('old-address@example.org');
    const started = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: '  New.Address@Example.org ',
      password: PASSWORD,
    });
    expect(started.statusCode).toBe(202);
    const sent = started.json<CodeSent>();
    expect(sent).toEqual({
      challengeId: expect.any(String) as string,
      kind: 'email',
      masked: 'ne***@example.org',
      resendAfterSeconds: 60,
    });
    const mail = await lastMessageTo(test.app, 'new.address@example.org');
    expect(mail.subject).toBe('Your Nimbus verification code');

    const confirmed = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: sent.challengeId,
      code: sixDigitCode(mail.text),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<AccountBody>().account.identifiers).toEqual([
      { kind: 'email', value: 'new.address@example.org', verified: true },
    ]);

    const notice = await lastMessageTo(test.app, 'old-address@example.org');
    expect(notice.subject).toBe('The e-mail address of your Nimbus account was changed');
    expect(notice.text).toContain('ne***@example.org');
    expect(notice.text).toContain('/recover');
    expect(notice.text).not.toContain('new.address@example.org');

    expect((await signIn('new.address@example.org')).statusCode).toBe(202);
    const old = await signIn('old-address@example.org');
    expect(old.statusCode).toBe(401);
    expect(errorOf(old).code).toBe('invalid_credentials');

    const events = await browser.get('/api/v1/account/security-events');
    const changed = events.json<{ events: { type: string; details: unknown }[] }>().events[0];
    expect(changed).toMatchObject({ type: 'email_changed', details: { kind: 'email', value: 'ne***@example.org' } });

    // The code worked once.
    const again = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: sent.challengeId,
      code: sixDigitCode(mail.text),
    });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).code).toBe('code_invalid');
  });

  it('adds a phone to an e-mail account with a code by SMS, reading a national number in phoneRegion', async () => {
    const browser = await account('add-phone@example.org');
    const started = await browser.post('/api/v1/account/identifiers', {
      kind: 'phone',
      value: '8 (916) 765-43-21',
      phoneRegion: 'RU',
      password: PASSWORD,
    });
    expect(started.statusCode).toBe(202);
    const sent = started.json<CodeSent>();
    expect(sent).toMatchObject({ kind: 'phone', masked: '+7 *** *** ** 21' });
    const sms = await lastMessageTo(test.app, '+79167654321');
    expect(sms.subject).toBeNull();

    const confirmed = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: sent.challengeId,
      code: sixDigitCode(sms.text),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<AccountBody>().account.identifiers).toEqual([
      { kind: 'email', value: 'add-phone@example.org', verified: true },
      { kind: 'phone', value: '+79167654321', verified: true },
    ]);
    // Nothing was replaced, so the e-mail got no notice: its newest mail is still the activation.
    expect((await lastMessageTo(test.app, 'add-phone@example.org')).text).toContain('/activate?token=');
    expect((await signIn('+79167654321')).statusCode).toBe(202);
    const events = await browser.get('/api/v1/account/security-events');
    expect(events.json<{ events: { type: string }[] }>().events[0]?.type).toBe('contact_added');
  });

  it('refuses a wrong password, a bad e-mail or phone, no CSRF token and no session', async () => {
    const browser = await account('refusals@example.org');
    const wrong = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'elsewhere@example.org',
      password: 'Not-my-pass-1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('invalid_credentials');
    await expect(lastMessageTo(test.app, 'elsewhere@example.org')).rejects.toThrow(/no message/);

    for (const body of [
      { kind: 'email', value: 'not-an-address', password: PASSWORD },
      { kind: 'phone', value: '12345', phoneRegion: 'RU', password: PASSWORD },
    ]) {
      const bad = await browser.post('/api/v1/account/identifiers', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(bad).code).toBe('validation_failed');
      expect(errorOf(bad).details?.issues?.[0]?.path).toBe('body.value');
    }

    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const forged = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'forged@example.org',
      password: PASSWORD,
    });
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).code).toBe('csrf_failed');
    const forgedConfirm = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: 'x',
      code: '123456',
    });
    expect(forgedConfirm.statusCode).toBe(403);
    browser.csrfToken = token;

    const stranger = new TestBrowser(test.app, nextIp());
    const anonymous = await stranger.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'stranger@example.org',
      password: PASSWORD,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(errorOf(anonymous).code).toBe('unauthorized');
    expect(
      (await stranger.post('/api/v1/account/identifiers/confirm', { challengeId: 'x', code: '123456' })).statusCode,
    ).toBe(401);
  });

  it("answers for another account's address exactly as for a free one, sends nothing there, and never confirms", async () => {
    await account('taken@example.org');
    const browser = await account('wants-taken@example.org');
    const started = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'Taken@example.org',
      password: PASSWORD,
    });
    expect(started.statusCode).toBe(202);
    expect(started.json<CodeSent>()).toEqual({
      challengeId: expect.any(String) as string,
      kind: 'email',
      masked: 'ta***@example.org',
      resendAfterSeconds: 60,
    });
    expect((await lastMessageTo(test.app, 'taken@example.org')).text).toContain('/activate?token=');
    const confirm = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: started.json<CodeSent>().challengeId,
      code: '123456',
    });
    expect(confirm.statusCode).toBe(400);
    expect(errorOf(confirm).code).toBe('code_invalid');
    const me = await browser.get('/api/v1/session');
    expect(me.json<AccountBody>().account.identifiers).toEqual([
      { kind: 'email', value: 'wants-taken@example.org', verified: true },
    ]);
  });

  it('answers 409 when the new address was taken between the code and the confirmation', async () => {
    const browser = await account('racer@example.org');
    const started = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'contested@example.org',
      password: PASSWORD,
    });
    const code = sixDigitCode((await lastMessageTo(test.app, 'contested@example.org')).text);
    // Someone else signs up with the address meanwhile.
    await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/email', {
      email: 'contested@example.org',
      region: 'DE',
      birthDate: '1990-01-01',
      password: 'Other-pass-99',
      locale: 'en',
    });
    const confirm = await browser.post('/api/v1/account/identifiers/confirm', {
      challengeId: started.json<CodeSent>().challengeId,
      code,
    });
    expect(confirm.statusCode).toBe(409);
    expect(errorOf(confirm).code).toBe('conflict');
    expect((await signIn('racer@example.org')).statusCode).toBe(202);
  });

  it('burns the code after five wrong ones, and refuses an expired one with 410', async () => {
    const browser = await account('guesser@example.org');
    const started = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'guessed@example.org',
      password: PASSWORD,
    });
    const { challengeId } = started.json<CodeSent>();
    const code = sixDigitCode((await lastMessageTo(test.app, 'guessed@example.org')).text);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await browser.post('/api/v1/account/identifiers/confirm', { challengeId, code: wrongCode });
      expect(wrong.statusCode).toBe(400);
      expect(errorOf(wrong)).toMatchObject({ code: 'code_invalid', details: { burnt: attempt === 5 } });
    }
    const burnt = await browser.post('/api/v1/account/identifiers/confirm', { challengeId, code });
    expect(burnt.statusCode).toBe(400);
    expect(errorOf(burnt).code).toBe('code_invalid');

    const late = await account('late@example.org');
    const lateStart = await late.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'late-new@example.org',
      password: PASSWORD,
    });
    const lateCode = sixDigitCode((await lastMessageTo(test.app, 'late-new@example.org')).text);
    clock.advance(11 * MINUTE);
    const expired = await late.post('/api/v1/account/identifiers/confirm', {
      challengeId: lateStart.json<CodeSent>().challengeId,
      code: lateCode,
    });
    expect(expired.statusCode).toBe(410);
    expect(errorOf(expired).code).toBe('code_expired');
  });

  it('sends a new code at most once a minute', async () => {
    const browser = await account('hasty@example.org');
    const body = { kind: 'email', value: 'hasty-new@example.org', password: PASSWORD };
    expect((await browser.post('/api/v1/account/identifiers', body)).statusCode).toBe(202);
    const again = await browser.post('/api/v1/account/identifiers', body);
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBeDefined();
  });
});
