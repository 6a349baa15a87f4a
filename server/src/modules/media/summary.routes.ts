import { MediaSummarySchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { LibraryService } from './library.service.js';

/** The overview's figures of the media: the portal's, as the records' summary is. */
export function mediaSummaryRoutes(library: LibraryService): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/v1/media/summary',
      {
        onRequest: requireAuth({ via: ['web'] }),
        schema: {
          tags: ['media'],
          summary: 'How many items the gallery, recordings and files hold and when each last changed',
          response: { 200: MediaSummarySchema },
        },
      },
      (request) => library.summary(principalOf(request).accountId),
    );
    return Promise.resolve();
  };
}
