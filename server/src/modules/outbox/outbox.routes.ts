import { OutboxListQuerySchema, OutboxListSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forbidden } from '../../core/errors.js';
import { isLoopback } from '../../core/net.js';
import type { OutboxRepo } from '../../core/messages/index.js';

/**
 * The outbox, for a person trying Nimbus without a mail or SMS provider: the messages Nimbus
 * would have sent, newest first. Registered in local mode only; in production it does not exist.
 * Even in local mode it answers only this machine: the messages hold activation links and codes,
 * and a server listening on 0.0.0.0 must not hand them to the whole network.
 */
export function outboxRoutes(outbox: OutboxRepo): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', (request, _reply, done) => {
      done(
        isLoopback(request.socket.remoteAddress ?? '')
          ? undefined
          : forbidden('The outbox can only be read on the machine Nimbus runs on.'),
      );
    });
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
