import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { CaptchaChallenge } from '@nimbus/protocol';
import svgCaptcha from 'svg-captcha';
import type { Clock } from '../time.js';
import type { Db } from '../db/database.js';
import { newId } from '../ids.js';
import { CAPTCHA_TTL_MS, derivedKey, type Captcha } from './captcha.js';

// Answers are compared case-insensitively, so letters are drawn in one case; left out are
// characters easily read as another: 0/O/Q/D, 1/I/L/J, 2/Z, 5/S, 8/B, U/V.
const ALPHABET = 'ACEFGHKMNPRTWXY34679';
const WIDTH = 200;
const HEIGHT = 64;
const SOLUTION = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(.{1,64})$/s;

// svg-captcha's module is also a function drawing given text; its typings omit that. Nimbus
// draws its own text (svg-captcha would pick it with Math.random, which is not a secret source).
interface DrawOptions {
  width: number;
  height: number;
  fontSize: number;
  noise: number;
  /** false: dark grey text and lines, the highest contrast svg-captcha draws. */
  color: boolean;
}
const drawText = svgCaptcha as unknown as (text: string, options: DrawOptions) => string;

/** 5 or 6 characters of ALPHABET, drawn with a cryptographic random source. */
export function randomCaptchaText(): string {
  return Array.from({ length: randomInt(5, 7) }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export interface ImageCaptchaOptions {
  db: Db;
  clock: Clock;
  secret: string;
  /** The text to draw; tests give a known one, since the server keeps only a hash of it. */
  text?: () => string;
}

/**
 * Distorted text in an SVG for a person to read back, for installations that want no
 * proof-of-work. The answer stays on the server as a keyed hash; each challenge takes one
 * answer, right or wrong, so guessing costs a new challenge each time.
 */
export class ImageCaptcha implements Captcha {
  readonly kind = 'image';
  private readonly key: string;
  private readonly text: () => string;

  constructor(private readonly options: ImageCaptchaOptions) {
    this.key = derivedKey(options.secret, 'captcha:image');
    this.text = options.text ?? randomCaptchaText;
  }

  async challenge(): Promise<CaptchaChallenge> {
    const id = newId();
    const text = this.text();
    const svg = drawText(text, { width: WIDTH, height: HEIGHT, fontSize: 56, noise: 3, color: false });
    await this.options.db
      .insertInto('captcha_images')
      .values({
        id,
        answer_hash: this.answerHash(id, text),
        expires_at: this.options.clock.now() + CAPTCHA_TTL_MS,
        used: 0,
      })
      .execute();
    const image = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    return { kind: 'image', id, image, width: WIDTH, height: HEIGHT };
  }

  async verify(solution: string | undefined): Promise<boolean> {
    const match = SOLUTION.exec(solution ?? '');
    const [, id, typed] = match ?? [];
    if (id === undefined || typed === undefined) return false;
    // Used up by this very statement, whatever the answer: of concurrent tries only one gets the row.
    const row = await this.options.db
      .updateTable('captcha_images')
      .set({ used: 1 })
      .where('id', '=', id)
      .where('used', '=', 0)
      .where('expires_at', '>', this.options.clock.now())
      .returning('answer_hash')
      .executeTakeFirst();
    if (row === undefined) return false;
    const expected = Buffer.from(row.answer_hash, 'hex');
    const given = Buffer.from(this.answerHash(id, typed), 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Keyed, so a leaked database does not give answers away by trying every short text. */
  private answerHash(id: string, text: string): string {
    const normalized = text.replace(/\s+/g, '').toLowerCase();
    return createHmac('sha256', this.key).update(`${id}:${normalized}`).digest('hex');
  }
}
