import { RecordsSummarySchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { RecordsService } from './records.service.js';

/**
 * The overview's figures of the records. The portal's alone: a phone learns what it syncs from the
 * change feed, and one with a category switched off has no business counting it.
 */
export function recordsSummaryRoutes(records: RecordsService): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/v1/records/summary',
      {
        onRequest: requireAuth({ via: ['web'] }),
        schema: {
          tags: ['records'],
          summary: 'How many records each category holds and when it last changed',
          response: { 200: RecordsSummarySchema },
        },
      },
      (request) => records.summary(principalOf(request)),
    );
    return Promise.resolve();
  };
}
