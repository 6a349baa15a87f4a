import { CaptchaChallengeSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RateLimits } from '../rate-limits.js';
import type { Captcha } from './captcha.js';
import { clientKey } from '../net.js';

/** An image challenge writes a row: an unauthenticated caller gets a bounded number of them. */
export const CHALLENGES_PER_IP = { points: 60, seconds: 600 };

/** `GET /api/v1/captcha`: a fresh challenge for the next form that asks for a captcha. */
export function captchaRoutes(captcha: Captcha, limits?: RateLimits): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/v1/captcha',
      {
        schema: {
          tags: ['captcha'],
          summary: 'A captcha challenge, good for one answer within 10 minutes',
          response: { 200: CaptchaChallengeSchema },
        },
      },
      async (request, reply) => {
        await limits?.consume('captcha:ip', CHALLENGES_PER_IP, clientKey(request.ip));
        // Each challenge takes one answer: a cached one would fail for everyone after the first.
        reply.header('cache-control', 'no-store');
        return captcha.challenge();
      },
    );
    return Promise.resolve();
  };
}
