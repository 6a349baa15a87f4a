import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../time.js';
import type { Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../test/index.js';
import { ALTCHA_MAX_NUMBER, AltchaCaptcha } from './altcha-captcha.js';
import { solveAltcha } from './solve-altcha.fixture.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe.each(testDialects())('the ALTCHA captcha on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let clock: ManualClock;
  let captcha: AltchaCaptcha;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    clock = new ManualClock();
    captcha = new AltchaCaptcha({ db: database.db, clock, secret: SECRET });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  async function solvedPayload(): Promise<string> {
    const challenge = await captcha.challenge();
    if (challenge.kind !== 'altcha') throw new Error('not an ALTCHA challenge');
    return solveAltcha(challenge.challenge);
  }

  it('hands out signed SHA-256 challenges a phone solves quickly, expiring in 10 minutes', async () => {
    const challenge = await captcha.challenge();
    expect(challenge).toMatchObject({ kind: 'altcha', challenge: { algorithm: 'SHA-256', maxnumber: 50_000 } });
    if (challenge.kind !== 'altcha') return;
    expect(challenge.challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    const expires = new URLSearchParams(challenge.challenge.salt.split('?')[1]).get('expires');
    expect(Number(expires) * 1000).toBe(clock.now() + 10 * MINUTE);
    expect(ALTCHA_MAX_NUMBER).toBe(50_000);
  });

  it('accepts a solved challenge once: the same payload again is a replay', async () => {
    const payload = await solvedPayload();
    expect(await captcha.verify(payload)).toBe(true);
    expect(await captcha.verify(payload)).toBe(false);
    // Re-encoded differently (other key order, no `took`), it is still the same challenge.
    const { signature, salt, number, challenge, algorithm } = JSON.parse(atob(payload)) as Record<string, unknown>;
    expect(await captcha.verify(base64({ signature, salt, number, challenge, algorithm }))).toBe(false);
  });

  it('refuses a tampered signature, salt or number, and challenges signed with another secret', async () => {
    const payload = JSON.parse(atob(await solvedPayload())) as Record<string, string | number>;
    const signature = String(payload.signature);
    const flipped = (signature.startsWith('0') ? '1' : '0') + signature.slice(1);
    expect(await captcha.verify(base64({ ...payload, signature: flipped }))).toBe(false);
    const later = String(payload.salt).replace(/expires=\d+/, 'expires=9999999999');
    expect(await captcha.verify(base64({ ...payload, salt: later }))).toBe(false);
    expect(await captcha.verify(base64({ ...payload, number: Number(payload.number) + 1 }))).toBe(false);
    const other = new AltchaCaptcha({ db: database.db, clock, secret: `${SECRET}-other` });
    expect(await other.verify(base64(payload))).toBe(false);
    // None of these used the challenge up.
    expect(await captcha.verify(base64(payload))).toBe(true);
  });

  it('refuses a challenge solved after it expired', async () => {
    const payload = await solvedPayload();
    clock.advance(11 * MINUTE);
    expect(await captcha.verify(payload)).toBe(false);
  });

  it('answers false, never throws, for anything malformed', async () => {
    const valid = JSON.parse(atob(await solvedPayload())) as Record<string, unknown>;
    const garbage = [
      undefined,
      '',
      'not base64 at all!',
      'A'.repeat(5000),
      base64('hello'),
      base64({}),
      base64([1, 2, 3]),
      Buffer.from('{"algorithm":').toString('base64'),
      base64({ ...valid, algorithm: 'SHA-1' }),
      base64({ ...valid, algorithm: 'MD5' }),
      base64({ ...valid, number: '12' }),
      base64({ ...valid, number: -1 }),
      base64({ ...valid, salt: 'no-expiry&' }),
      base64({ ...valid, salt: '' }),
      base64({ ...valid, challenge: 'zz' }),
      '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b:ACEFG',
    ];
    for (const solution of garbage) expect(await captcha.verify(solution), String(solution)).toBe(false);
  });

  it('lets exactly one of several concurrent uses of one payload pass, across connections', async () => {
    const payload = await solvedPayload();
    const second = await testDatabase.open();
    try {
      const elsewhere = new AltchaCaptcha({ db: second.db, clock, secret: SECRET });
      const results = await Promise.all([
        captcha.verify(payload),
        elsewhere.verify(payload),
        captcha.verify(payload),
        elsewhere.verify(payload),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
