import type { CaptchaChallenge } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Captcha } from './captcha.js';

/** No captcha at all: every answer passes. For local development; config refuses it in production. */
export class OffCaptcha implements Captcha {
  readonly kind = 'off';

  constructor(log: FastifyBaseLogger) {
    log.warn('captcha is off (NIMBUS_CAPTCHA=off): sign-up, recovery and sign-in are open to bots');
  }

  challenge(): Promise<CaptchaChallenge> {
    return Promise.resolve({ kind: 'off' });
  }

  verify(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
