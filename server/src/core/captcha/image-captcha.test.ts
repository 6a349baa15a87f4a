import type { CaptchaChallenge } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../time.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../test/index.js';
import { ImageCaptcha, randomCaptchaText } from './image-captcha.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const ANSWER = 'HK7ME';

describe('image captcha text', () => {
  it('is 5 or 6 characters with nothing easily misread', () => {
    for (let i = 0; i < 500; i++) expect(randomCaptchaText()).toMatch(/^[ACEFGHKMNPRTWXY34679]{5,6}$/);
  });
});

describe.each(testDialects())('the image captcha on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let clock: ManualClock;
  let captcha: ImageCaptcha;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    clock = new ManualClock();
    captcha = new ImageCaptcha({ db: database.db, clock, secret: SECRET, text: () => ANSWER });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  async function newChallenge(): Promise<Extract<CaptchaChallenge, { kind: 'image' }>> {
    const challenge = await captcha.challenge();
    if (challenge.kind !== 'image') throw new Error('not an image challenge');
    return challenge;
  }

  it('draws an SVG data URL and keeps only a keyed hash of the answer', async () => {
    const { id, image, width, height } = await newChallenge();
    expect(image.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const svg = Buffer.from(image.slice(image.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="200" height="64"[^>]*>.*<\/svg>$/s);
    expect(svg).not.toContain(ANSWER);
    expect({ width, height }).toEqual({ width: 200, height: 64 });
    const row = await database.db
      .selectFrom('captcha_images')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ used: 0, expires_at: clock.now() + 10 * MINUTE });
    expect(row.answer_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row).toLowerCase()).not.toContain(ANSWER.toLowerCase());
  });

  it('accepts the right answer in any case, once', async () => {
    const first = await newChallenge();
    expect(await captcha.verify(`${first.id}:hk7me`)).toBe(true);
    expect(await captcha.verify(`${first.id}:HK7ME`)).toBe(false);
    const second = await newChallenge();
    expect(await captcha.verify(`${second.id}: hK7 mE `)).toBe(true);
  });

  it('uses the challenge up on a wrong answer', async () => {
    const { id } = await newChallenge();
    expect(await captcha.verify(`${id}:HK7MF`)).toBe(false);
    expect(await captcha.verify(`${id}:${ANSWER}`)).toBe(false);
  });

  it('refuses an answer after the challenge expired', async () => {
    const { id } = await newChallenge();
    clock.advance(11 * MINUTE);
    expect(await captcha.verify(`${id}:${ANSWER}`)).toBe(false);
  });

  it('answers false for malformed solutions without using the challenge up', async () => {
    const { id } = await newChallenge();
    const malformed = [
      undefined,
      '',
      ANSWER,
      id,
      `${id}:`,
      `${id.toUpperCase()}:${ANSWER}`,
      `not-a-uuid:${ANSWER}`,
      `${id}:${'A'.repeat(65)}`,
      `${newId()}:${ANSWER}`,
      Buffer.from(JSON.stringify({ algorithm: 'SHA-256' })).toString('base64'),
    ];
    for (const solution of malformed) expect(await captcha.verify(solution), String(solution)).toBe(false);
    expect(await captcha.verify(`${id}:${ANSWER}`)).toBe(true);
  });

  it('lets exactly one of several concurrent right answers pass, across connections', async () => {
    const { id } = await newChallenge();
    const second = await testDatabase.open();
    try {
      const elsewhere = new ImageCaptcha({ db: second.db, clock, secret: SECRET });
      const solution = `${id}:${ANSWER}`;
      const results = await Promise.all([
        captcha.verify(solution),
        elsewhere.verify(solution),
        captcha.verify(solution),
        elsewhere.verify(solution),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
