import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ManualClock, MINUTE } from '../../core/time.js';
import {
  createTestApp,
  outboxInbox,
  owner,
  PASSWORD,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
/** The mail about failed sign-ins, as it is now, or the lock notice it replaced. */
const FAILURE_MAIL = /wrong passwords (were typed )?for your Nimbus account/;

describe.each(testDialects())('sign-in failures on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  const fail = (login: string, browser = new TestBrowser(test.app, nextIp())) =>
    browser.post('/api/v1/sessions', { login, password: 'Wrong-pass-1' });
  const shape = (response: { statusCode: number; body: string }) => {
    const parsed = JSON.parse(response.body) as { error: { requestId?: string } };
    delete parsed.error.requestId;
    return { status: response.statusCode, body: parsed };
  };

  it('answers a known and an unknown login alike, failure after failure, captcha included', async () => {
    await owner(test.app, 'known-login@example.org', nextIp());
    const atKnown = new TestBrowser(test.app, nextIp());
    const atUnknown = new TestBrowser(test.app, nextIp());
    for (let i = 0; i < 6; i++) {
      const known = shape(await fail('known-login@example.org', atKnown));
      const unknown = shape(await fail('unknown-login@example.org', atUnknown));
      expect(unknown).toEqual(known);
      expect(known.status).toBe(401);
    }
    expect(shape(await fail('known-login@example.org', atKnown)).body).toMatchObject({
      error: { code: 'invalid_credentials', details: { captchaRequired: true } },
    });
    // The login as typed is what counts: another spelling of the same address is the same login.
    expect(shape(await fail(' Known-Login@Example.org ', atKnown)).body).toMatchObject({
      error: { details: { captchaRequired: true } },
    });
  });

  it("never keeps the owner's remembered browser out because of strangers' failures", async () => {
    const ownerIp = nextIp();
    const browser = await owner(test.app, 'target@example.org', ownerIp);
    browser.cookies.delete('nimbus_session');
    // Many addresses, and one that shares the owner's (a café, a carrier's NAT).
    for (let i = 0; i < 25; i++) expect((await fail('target@example.org')).statusCode).toBe(401);
    const neighbour = new TestBrowser(test.app, ownerIp);
    for (let i = 0; i < 12; i++) await fail('target@example.org', neighbour);
    expect((await fail('target@example.org', neighbour)).statusCode).toBe(429);

    const signedIn = await browser.post('/api/v1/sessions', { login: 'target@example.org', password: PASSWORD });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json<{ status: string }>().status).toBe('signed_in');
    // A new browser elsewhere still gets in with the password (and then a code): nothing is locked.
    const laptop = new TestBrowser(test.app, nextIp());
    expect(
      (await laptop.post('/api/v1/sessions', { login: 'target@example.org', password: PASSWORD })).statusCode,
    ).toBe(202);
  });

  it('tells the owner about failed sign-ins at most once a day', async () => {
    await owner(test.app, 'mailed@example.org', nextIp());
    const inbox = outboxInbox(test.app);
    for (let i = 0; i < 12; i++) await fail('mailed@example.org');
    expect(await inbox.count('mailed@example.org', FAILURE_MAIL)).toBe(1);
    clock.advance(16 * MINUTE);
    for (let i = 0; i < 12; i++) await fail('mailed@example.org');
    clock.advance(6 * 60 * MINUTE);
    for (let i = 0; i < 3; i++) await fail('mailed@example.org');
    expect(await inbox.count('mailed@example.org', FAILURE_MAIL)).toBe(1);

    // A day later, a new run of failures is news again.
    clock.advance(DAY);
    for (let i = 0; i < 10; i++) await fail('mailed@example.org');
    expect(await inbox.count('mailed@example.org', FAILURE_MAIL)).toBe(2);
  });
});
