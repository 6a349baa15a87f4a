import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DAY,
  lastMessageTo,
  ManualClock,
  owner,
  PASSWORD,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  TestDevice,
  testDialects,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.42.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const NEW_PASSWORD = 'Another-walk-43';

/**
 * Remembered browsers and device tokens (issue 11, item 5): forgotten after 90 days unused (each
 * use moves that), and by a password change, "sign out everywhere" and removing the device.
 */
describe.each(testDialects())('remembered browsers and devices on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  /** Signs the browser in: 'signed_in' when it was remembered, 'code' when it is asked for the new-device code. */
  async function signIn(browser: TestBrowser, login: string, password = PASSWORD): Promise<'signed_in' | 'code'> {
    const answer = await browser.post('/api/v1/sessions', { login, password });
    if (answer.statusCode === 200) return 'signed_in';
    expect(answer.statusCode, answer.body).toBe(202);
    return 'code';
  }

  /** A second browser, signed in with its code (so remembered from now on). */
  async function verifiedBrowser(login: string): Promise<TestBrowser> {
    const browser = new TestBrowser(test.app, nextIp());
    const first = await browser.post('/api/v1/sessions', { login, password: PASSWORD });
    expect(first.statusCode).toBe(202);
    const { challengeId } = first.json<{ challengeId: string }>();
    const code = sixDigitCode((await lastMessageTo(test.app, login)).text);
    expect((await browser.post('/api/v1/sessions/verify', { challengeId, code })).statusCode).toBe(200);
    expect(await signIn(browser, login)).toBe('signed_in');
    return browser;
  }

  /** Signs in again as the same phone, with the deviceToken it was given: did it need the code? */
  async function phoneAgain(phone: TestDevice, login: string, password = PASSWORD): Promise<boolean> {
    const again = await new TestDevice(test.app, phone.ip).connect(login, 'Phone', {
      password,
      deviceToken: phone.deviceToken,
      register: false,
    });
    return again.askedForCode;
  }

  it('forgets a browser unused for 90 days; each sign-in through it keeps it 90 days more', async () => {
    const email = 'trust.browser@example.org';
    const browser = await owner(test.app, email, nextIp());
    clock.advance(89 * DAY);
    expect(await signIn(browser, email)).toBe('signed_in');
    clock.advance(89 * DAY);
    expect(await signIn(browser, email)).toBe('signed_in');
    clock.advance(91 * DAY);
    expect(await signIn(browser, email)).toBe('code');
  });

  it('forgets a device unused for 90 days: its tokens and its deviceToken; refreshing keeps it', async () => {
    const email = 'trust.device@example.org';
    await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    expect(phone.askedForCode).toBe(true);
    expect(await phoneAgain(phone, email)).toBe(false);
    clock.advance(89 * DAY);
    await phone.refresh();
    clock.advance(89 * DAY);
    await phone.refresh();
    expect((await phone.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(200);
    expect(await phoneAgain(phone, email)).toBe(false);

    clock.advance(91 * DAY);
    const refreshed = await phone.call('POST', '/api/v1/sessions/refresh', { refreshToken: phone.refreshToken });
    expect(refreshed.statusCode).toBe(401);
    expect((await phone.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(401);
    expect(await phoneAgain(phone, email)).toBe(true);
  });

  it('a removed phone, after a password change, needs the code with its old deviceToken and the new password', async () => {
    const email = 'trust.removed@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    expect((await browser.request('DELETE', `/api/v1/devices/${phone.id}`)).statusCode).toBe(204);
    expect(
      (await browser.post('/api/v1/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    const refreshed = await phone.call('POST', '/api/v1/sessions/refresh', { refreshToken: phone.refreshToken });
    expect(refreshed.statusCode).toBe(401);
    expect(await phoneAgain(phone, email, NEW_PASSWORD)).toBe(true);
  });

  it('removing a device alone forgets it: signing in again from it asks for the code', async () => {
    const email = 'trust.remove-only@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    expect((await browser.request('DELETE', `/api/v1/devices/${phone.id}`)).statusCode).toBe(204);
    expect(await phoneAgain(phone, email)).toBe(true);
    // Only that device: the tablet is still remembered.
    expect(await phoneAgain(tablet, email)).toBe(false);
  });

  it('a password change forgets every other browser and device and ends their sessions; this browser stays', async () => {
    const email = 'trust.password@example.org';
    const browser = await owner(test.app, email, nextIp());
    const laptop = await verifiedBrowser(email);
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    expect(
      (await browser.post('/api/v1/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
    expect((await laptop.get('/api/v1/session')).statusCode).toBe(401);
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect(
      (await phone.call('POST', '/api/v1/sessions/refresh', { refreshToken: phone.refreshToken })).statusCode,
    ).toBe(401);
    expect(await signIn(laptop, email, NEW_PASSWORD)).toBe('code');
    expect(await phoneAgain(phone, email, NEW_PASSWORD)).toBe(true);
    // The browser that changed it is still remembered.
    expect(await signIn(browser, email, NEW_PASSWORD)).toBe('signed_in');
  });

  it('"sign out everywhere" forgets every other browser and device too', async () => {
    const email = 'trust.everywhere@example.org';
    const browser = await owner(test.app, email, nextIp());
    const laptop = await verifiedBrowser(email);
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    // The laptop signed in twice (with its code, then remembered), and the phone once.
    expect((await browser.post('/api/v1/sessions/revoke-others')).json<{ revoked: number }>().revoked).toBe(3);
    expect((await laptop.get('/api/v1/session')).statusCode).toBe(401);
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect(await signIn(laptop, email)).toBe('code');
    expect(await phoneAgain(phone, email)).toBe(true);
    expect(await signIn(browser, email)).toBe('signed_in');
  });

  it('signing one device out in the sessions list forgets it too', async () => {
    const email = 'trust.revoke-one@example.org';
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const sessions = (await browser.get('/api/v1/sessions')).json<{ sessions: { id: string; kind: string }[] }>()
      .sessions;
    const phoneSession = sessions.find((session) => session.kind === 'device');
    expect(phoneSession).toBeDefined();
    expect((await browser.request('DELETE', `/api/v1/sessions/${phoneSession?.id ?? ''}`)).statusCode).toBe(204);
    expect(await phoneAgain(phone, email)).toBe(true);
  });
});
