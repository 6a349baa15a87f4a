import {
  MAX_SINGLE_UPLOAD_BYTES,
  MediaItemResponseSchema,
  MissingBlobsRequestSchema,
  MissingBlobsResponseSchema,
  NewMediaFromBlobSchema,
  SingleUploadQuerySchema,
} from '@nimbus/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, badRequest } from '../../core/errors.js';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { IngestService } from './ingest.service.js';
import { ingestInputOf, presentItem } from './media-view.js';
import { createTusServer, type TusUploadsDeps } from './tus-uploads.js';

const tags = ['media'];

/** Asking which files are missing, and the three ways in: tus, one request, or a blob already held. */
export function uploadsRoutes(ingest: IngestService, tusDeps: Omit<TusUploadsDeps, 'ingest'>): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
    const tus = createTusServer({ ...tusDeps, ingest });
    // Upload bodies stream to their files as they come: nothing here may read them first.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (error) {
          (error as { statusCode?: number }).statusCode = 400;
          done(error as Error, undefined);
        }
      },
    );
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const tusRoute = {
      schema: {
        tags,
        summary: 'tus 1.0 resumable uploads (creation, termination, expiration); see the tus protocol',
        hide: true,
      },
    };
    const handleTus = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await tus.handle(request, reply);
    };
    app.route({ method: ['POST', 'OPTIONS'], url: '/api/v1/uploads', ...tusRoute, handler: handleTus });
    app.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: '/api/v1/uploads/:id',
      ...tusRoute,
      exposeHeadRoute: false,
      handler: handleTus,
    });

    app.post(
      '/api/v1/media/missing',
      {
        schema: {
          tags,
          summary: 'Which of these SHA-256 hashes the account does not have yet (upload only those)',
          body: MissingBlobsRequestSchema,
          response: { 200: MissingBlobsResponseSchema },
        },
      },
      async (request) => ({ missing: await ingest.missing(principalOf(request).accountId, request.body.hashes) }),
    );

    app.post(
      '/api/v1/media/items',
      {
        schema: {
          tags,
          summary:
            'An item from a file the account already has (by SHA-256 and size): nothing to upload; 200 when the item exists already',
          body: NewMediaFromBlobSchema,
          response: { 200: MediaItemResponseSchema, 201: MediaItemResponseSchema },
        },
      },
      async (request, reply) => {
        const { sha256, size } = request.body;
        const { row, created } = await ingest.fromBlob(
          ingest.uploader(principalOf(request)),
          ingestInputOf(request.body),
          { sha256, size },
        );
        return reply.code(created ? 201 : 200).send({ item: presentItem(row) });
      },
    );

    app.put(
      '/api/v1/media/upload',
      {
        schema: {
          tags,
          summary: `A small file (up to ${MAX_SINGLE_UPLOAD_BYTES / 1024 / 1024} MB) in one request; the body is its bytes`,
          querystring: SingleUploadQuerySchema,
          response: { 200: MediaItemResponseSchema, 201: MediaItemResponseSchema },
        },
      },
      async (request, reply) => {
        const length = request.raw.headers['content-length'];
        const size = length === undefined ? undefined : Number(length);
        if (size === undefined || !Number.isSafeInteger(size) || size < 0)
          throw new AppError('bad_request', 'Give Content-Length: the size is checked against your storage first.');
        if (size > MAX_SINGLE_UPLOAD_BYTES) {
          throw new AppError(
            'payload_too_large',
            `One request takes at most ${MAX_SINGLE_UPLOAD_BYTES} bytes; upload bigger files with tus at /api/v1/uploads.`,
            { limitBytes: MAX_SINGLE_UPLOAD_BYTES },
          );
        }
        if (request.raw.readableEnded && size > 0) throw badRequest('The body was already read.');
        const { row, created } = await ingest.ingestStream(
          ingest.uploader(principalOf(request)),
          ingestInputOf(request.query),
          request.raw,
          size,
        );
        return reply.code(created ? 201 : 200).send({ item: presentItem(row) });
      },
    );
    return Promise.resolve();
  };
}
