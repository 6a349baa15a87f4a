import {
  CategoryParamsSchema,
  MAX_PUSH_BYTES,
  PullQuerySchema,
  PullResponseSchema,
  type PullResponse,
  PushRequestSchema,
  PushResponseSchema,
  type PushResult,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import { pullJson, toChange } from './record-view.js';
import type { SyncEngine } from './sync.service.js';
import { refusalOf, type Outcome } from './writes.js';

const tags = ['sync'];

/** An item's outcome as a device's push answers it. */
export function pushResultOf(outcome: Outcome): PushResult {
  const { id } = outcome;
  switch (outcome.kind) {
    case 'created':
    case 'updated':
    case 'deleted':
    case 'unchanged':
      return { id, status: 'applied', version: outcome.version, etag: outcome.etag };
    case 'conflict':
      return { id, status: 'conflict', server: toChange(outcome.current) };
    case 'precondition_failed':
      return outcome.current === undefined
        ? { id, status: 'rejected', error: refusalOf({ id, kind: 'not_found' }) }
        : { id, status: 'conflict', server: toChange(outcome.current) };
    case 'not_found':
    case 'wrong_category':
    case 'invalid':
    case 'over_quota':
      return { id, status: 'rejected', error: refusalOf(outcome) };
  }
}

/** The change feed and the push of one category: what a device syncs through. */
export function syncRoutes(engine: SyncEngine): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
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
      async (request, reply) => {
        const caller = principalOf(request);
        const { since, limit } = request.query;
        const page = await engine.pull(caller, request.params.category, Number(since), limit);
        // Written out as JSON text, encoded once, which Fastify sends as it is (no second
        // serialisation, no second pass to count its bytes); the response schema documents its
        // shape, and sync.test.ts reads it back through that shape.
        const json = Buffer.from(pullJson(page.rows, page.cursor, page.more)) as unknown as PullResponse;
        return reply.type('application/json; charset=utf-8').send(json);
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
            'changes nothing. Too many items or bytes answer 413 with the limit. Over quota, an item that adds ' +
            'or grows a record is rejected with code insufficient_storage (deletions and shrinking edits apply); ' +
            'when every item of the push is refused so, the push answers 507 insufficient_storage as an upload would.',
          params: CategoryParamsSchema,
          body: PushRequestSchema,
          response: { 200: PushResponseSchema },
        },
      },
      async (request) => {
        const outcomes = await engine.push(principalOf(request), request.params.category, request.body.items);
        return { results: outcomes.map(pushResultOf) };
      },
    );
    return Promise.resolve();
  };
}
