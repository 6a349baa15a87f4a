import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  lastMessageTo,
  linkToken,
  owner,
  type TestApp,
  TestBrowser,
  testDialects,
} from '../../test/index.js';
import type * as Passwords from '../../core/passwords/index.js';
import { RESEND_COOLDOWN } from './registration.service.js';

// Counts the Argon2 hashes registration makes, still making them: the work must not tell addresses apart.
const hashing = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../core/passwords/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof Passwords>();
  return {
    ...original,
    hashPassword: (password: string) => {
      hashing.calls += 1;
      return original.hashPassword(password);
    },
  };
});

let ipCounter = 0;
const nextIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const ATTACKER_PASSWORD = 'Stranger-chose-11';
const OWNER_PASSWORD = 'Owner-chose-this-22';

describe.each(testDialects())('registration leaks on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());
  beforeEach(() => {
    hashing.calls = 0;
  });

  const register = (email: string, password: string, browser = new TestBrowser(test.app, nextIp())) =>
    browser.post('/api/v1/accounts/email', { email, region: 'DE', birthDate: '1990-04-01', password, locale: 'en' });
  const signIn = (login: string, password: string) =>
    new TestBrowser(test.app, nextIp()).post('/api/v1/sessions', { login, password });
  /** The next registration of `email` is not held back by the once-a-minute limit on its mail. */
  const allowMail = (email: string) => test.app.nimbus.limits.reset('mail:cooldown', RESEND_COOLDOWN, email);

  it("never lets a stranger's earlier registration choose the owner's password", async () => {
    expect((await register('victim@example.org', ATTACKER_PASSWORD)).statusCode).toBe(202);
    const strangersLink = linkToken((await lastMessageTo(test.app, 'victim@example.org')).text);
    await allowMail('victim@example.org');
    const victim = new TestBrowser(test.app, nextIp());
    expect((await register('victim@example.org', OWNER_PASSWORD, victim)).statusCode).toBe(202);
    const ownLink = linkToken((await lastMessageTo(test.app, 'victim@example.org')).text);
    expect(ownLink).not.toBe(strangersLink);

    expect((await victim.post('/api/v1/accounts/activate', { token: ownLink })).statusCode).toBe(200);
    expect((await signIn('victim@example.org', ATTACKER_PASSWORD)).statusCode).toBe(401);
    expect((await signIn('victim@example.org', OWNER_PASSWORD)).statusCode).toBe(202);
    // The stranger's link ended with the activation: it cannot set its password afterwards.
    const late = await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/activate', { token: strangersLink });
    expect(late.statusCode).toBe(400);
    expect((await signIn('victim@example.org', ATTACKER_PASSWORD)).statusCode).toBe(401);
  });

  it('keeps the registration a resent link stands for', async () => {
    expect((await register('resent@example.org', OWNER_PASSWORD)).statusCode).toBe(202);
    await allowMail('resent@example.org');
    const resent = await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/activation/resend', {
      email: 'resent@example.org',
      locale: 'en',
    });
    expect(resent.statusCode).toBe(202);
    const token = linkToken((await lastMessageTo(test.app, 'resent@example.org')).text);
    expect((await new TestBrowser(test.app, nextIp()).post('/api/v1/accounts/activate', { token })).statusCode).toBe(
      200,
    );
    expect((await signIn('resent@example.org', OWNER_PASSWORD)).statusCode).toBe(202);
  });

  it('answers a new and a taken address in the same shape, after hashing the password both times', async () => {
    await owner(test.app, 'taken-leak@example.org', nextIp());
    await allowMail('taken-leak@example.org');
    hashing.calls = 0;
    const taken = await register('taken-leak@example.org', OWNER_PASSWORD);
    expect(taken.statusCode).toBe(202);
    expect(hashing.calls).toBe(1);
    hashing.calls = 0;
    const fresh = await register('fresh-leak@example.org', OWNER_PASSWORD);
    expect(hashing.calls).toBe(1);
    expect(taken.statusCode).toBe(202);
    expect(fresh.statusCode).toBe(202);
    // Alike but for the address each names.
    const body = (response: typeof taken) => ({ ...response.json<object>(), email: 'same' });
    expect(body(taken)).toEqual(body(fresh));
  });
});
