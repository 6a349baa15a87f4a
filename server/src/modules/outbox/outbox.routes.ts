import { OutboxListQuerySchema, OutboxListSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forbidden } from '../../core/errors.js';
import { isLoopback, PROXY_HEADERS } from '../../core/net.js';
import type { OutboxRepo } from '../../core/messages/index.js';

/**
 * The outbox, for a person trying Nimbus without a mail or SMS provider: the messages Nimbus
 * would have sent, newest first. Registered in local mode only; in production it does not exist.
 * Even in local mode it answers only this machine: the messages hold activation links and codes,
 * and a server listening on 0.0.0.0 must not hand them to the whole network. A reverse proxy on
 * this machine connects from loopback on behalf of anyone, so a request that shows any sign of
 * having passed a proxy (its headers, or a peer that is a trusted proxy) is refused as well.
 */
export function outboxRoutes(outbox: OutboxRepo, isTrustedProxy: (address: string) => boolean): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', (request, _reply, done) => {
      const peer = request.socket.remoteAddress ?? '';
      const proxied = isTrustedProxy(peer) || PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
      done(
        isLoopback(peer) && !proxied
          ? undefined
          : forbidden('The outbox can only be read on the machine Nimbus runs on, not through a proxy.'),
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
