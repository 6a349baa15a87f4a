import { OutboxListQuerySchema, OutboxListSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OutboxRepo } from '../../core/messages/index.js';

/**
 * The outbox, for a person trying Nimbus without a mail or SMS provider: the messages Nimbus
 * would have sent, newest first. Registered in local mode only; in production it does not exist.
 */
export function outboxRoutes(outbox: OutboxRepo): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/v1/dev/outbox',
      {
        schema: {
          tags: ['development'],
          summary: 'Mail and SMS kept in the outbox (local mode only)',
          querystring: OutboxListQuerySchema,
          response: { 200: OutboxListSchema },
        },
      },
      async (request) => ({ messages: await outbox.list(request.query) }),
    );
    return Promise.resolve();
  };
}
