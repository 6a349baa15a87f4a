import { createHmac } from 'node:crypto';
import type { CaptchaChallenge, CaptchaKind } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { type Clock, MINUTE } from '../time.js';
import type { Db } from '../db/database.js';

/** How long a challenge may be answered after it was handed out. */
export const CAPTCHA_TTL_MS = 10 * MINUTE;

/**
 * A captcha: hands out challenges and checks their answers. It guards sign-up, password recovery
 * and sign-in after repeated failed passwords.
 */
export interface Captcha {
  readonly kind: CaptchaKind;
  /** A fresh challenge, good for one answer within CAPTCHA_TTL_MS. */
  challenge(): Promise<CaptchaChallenge>;
  /**
   * True when `solution` (a form's `captcha` field) answers a challenge of this server that is
   * unexpired and not answered before; it is then used up, so a second, even concurrent, use of
   * the same answer is false on every node. Anything malformed is false, never an exception;
   * only a failing database throws.
   */
  verify(solution: string | undefined): Promise<boolean>;
}

export interface CaptchaDependencies {
  db: Db;
  clock: Clock;
  /** The server secret (loadServerSecret); each captcha derives its own key from it. */
  secret: string;
  log: FastifyBaseLogger;
}

/**
 * A key for one purpose only, derived from the server secret: the secret signs other short-lived
 * things too, and a signature made for one of them must never pass as a captcha's.
 */
export function derivedKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`nimbus:${purpose}`).digest('base64url');
}
