import { createHash } from 'node:crypto';
import type { CaptchaChallenge } from '@nimbus/protocol';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { z } from 'zod';
import type { Clock } from '../time.js';
import type { Db } from '../db/database.js';
import { CAPTCHA_TTL_MS, derivedKey, type Captcha } from './captcha.js';

/** SHA-256 tries a phone makes well under a second; a bot pays the same for every form it sends. */
export const ALTCHA_MAX_NUMBER = 50_000;
const MAX_SOLUTION_LENGTH = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX_256 = /^[0-9a-f]{64}$/;

// The widget's payload (base64 of this JSON, plus fields such as `took` that do not matter). Checked
// before altcha-lib sees it: the library trusts its input's shape and algorithm name.
const PayloadSchema = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().regex(HEX_256),
  number: z.number().int().min(0).max(ALTCHA_MAX_NUMBER),
  salt: z.string().min(1).max(512),
  signature: z.string().regex(HEX_256),
});
type Payload = z.infer<typeof PayloadSchema>;

function parsePayload(solution: string | undefined): Payload | null {
  if (solution === undefined || solution.length > MAX_SOLUTION_LENGTH || !BASE64.test(solution)) return null;
  try {
    const parsed = PayloadSchema.safeParse(JSON.parse(Buffer.from(solution, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * ALTCHA: the browser proves it spent some work (finding n with SHA-256(salt + n) = challenge)
 * instead of a person reading an image. Challenges are stateless, signed with a key derived from
 * the server secret and carrying their expiry in the salt; only redeemed ones are stored.
 */
export class AltchaCaptcha implements Captcha {
  readonly kind = 'altcha';
  private readonly key: string;

  constructor(private readonly deps: { db: Db; clock: Clock; secret: string }) {
    this.key = derivedKey(deps.secret, 'captcha:altcha');
  }

  async challenge(): Promise<CaptchaChallenge> {
    const challenge = await createChallenge({
      hmacKey: this.key,
      algorithm: 'SHA-256',
      maxnumber: ALTCHA_MAX_NUMBER,
      expires: new Date(this.deps.clock.now() + CAPTCHA_TTL_MS),
    });
    return { kind: 'altcha', challenge: { ...challenge, algorithm: 'SHA-256' } };
  }

  async verify(solution: string | undefined): Promise<boolean> {
    const payload = parsePayload(solution);
    if (payload === null) return false;
    const expiresAt = this.expiresAt(payload);
    // Expiry is checked here, on Nimbus's clock; altcha-lib would read Date.now().
    if (expiresAt === null || expiresAt <= this.deps.clock.now()) return false;
    if (!(await this.signedAndSolved(payload))) return false;
    return this.redeem(payload.signature, expiresAt);
  }

  /** Epoch ms from the salt's `expires` (seconds); null when absent: every challenge of ours has one. */
  private expiresAt(payload: Payload): number | null {
    const expires = extractParams(payload).expires;
    return expires !== undefined && /^\d{1,12}$/.test(expires) ? Number(expires) * 1000 : null;
  }

  private async signedAndSolved(payload: Payload): Promise<boolean> {
    try {
      return await verifySolution(payload, this.key, false);
    } catch {
      return false;
    }
  }

  /**
   * Marks the challenge used. The primary key decides: of two requests redeeming the same
   * challenge at once, on one node or two, exactly one inserts its row.
   */
  private async redeem(signature: string, expiresAt: number): Promise<boolean> {
    const result = await this.deps.db
      .insertInto('captcha_redemptions')
      .values({ signature_hash: createHash('sha256').update(signature).digest('hex'), expires_at: expiresAt })
      .onConflict((conflict) => conflict.column('signature_hash').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
