import {
  CategoryParamsSchema,
  MAX_PUSH_BYTES,
  PullQuerySchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountsApi } from '../accounts/index.js';
import type { SyncEngine } from './sync.service.js';

const tags = ['sync'];

/** The change feed and the push of one category: what a device syncs through. */
export function syncRoutes(engine: SyncEngine, accounts: AccountsApi): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/v1/sync/:category',
      {
        schema: {
          tags,
          summary: 'Changes of a category after a cursor, oldest first, in pages',
          description:
            'since=0 (or none) lists what exists; a later cursor also reports deletions as tombstones. ' +
            'A cursor older than the tombstones the server keeps answers 410 cursor_expired: sync again from 0.',
          params: CategoryParamsSchema,
          querystring: PullQuerySchema,
          response: { 200: PullResponseSchema },
        },
      },
      async (request) => {
        const caller = await accounts.authenticate(request);
        const { since, limit } = request.query;
        return engine.pull(caller, request.params.category, Number(since), limit);
      },
    );

    app.post(
      '/api/v1/sync/:category',
      {
        bodyLimit: MAX_PUSH_BYTES,
        schema: {
          tags,
          summary: 'Push a batch of changes, applied in one transaction',
          description:
            'Each item applies on its own against the version it was based on: a stale one comes back as a ' +
            'conflict with the server’s copy, a malformed one as rejected. The same batch pushed again ' +
            'changes nothing. Too many items or bytes answer 413 with the limit.',
          params: CategoryParamsSchema,
          body: PushRequestSchema,
          response: { 200: PushResponseSchema },
        },
      },
      async (request) => {
        const caller = await accounts.authenticate(request);
        return { results: await engine.push(caller, request.params.category, request.body.items) };
      },
    );
    return Promise.resolve();
  };
}
