import { CaptchaChallengeSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Captcha } from './captcha.js';

/** `GET /api/v1/captcha`: a fresh challenge for the next form that asks for a captcha. */
export function captchaRoutes(captcha: Captcha): FastifyPluginAsyncZod {
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
      async (_request, reply) => {
        // Each challenge takes one answer: a cached one would fail for everyone after the first.
        reply.header('cache-control', 'no-store');
        return captcha.challenge();
      },
    );
    return Promise.resolve();
  };
}
