import {
  CategoryOnlyParamsSchema,
  CreateRecordRequestSchema,
  DeleteRecordQuerySchema,
  ListRecordsQuerySchema,
  RecordListSchema,
  RecordParamsSchema,
  RecordResponseSchema,
  type RecordResponse,
  SendMessageRequestSchema,
  ThreadListSchema,
  ThreadParamsSchema,
  ThreadReadSchema,
  ThreadsQuerySchema,
  UpdateRecordRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import { sendJsonText } from '../../core/http/json-text.js';
import type { MessagesService } from './messages.service.js';
import type { RecordsService } from './records.service.js';

const tags = ['records'];

/** Records one at a time, as the portal shows and edits them; every edit reaches the phones. */
export function recordsRoutes(records: RecordsService, messages: MessagesService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));

    app.get(
      '/api/v1/records/:category',
      {
        schema: {
          tags,
          summary: 'List records, searched and paged; bin=true lists the recycle bin',
          params: CategoryOnlyParamsSchema,
          querystring: ListRecordsQuerySchema,
          response: { 200: RecordListSchema },
        },
      },
      async (request) => records.list(principalOf(request), request.params.category, request.query),
    );

    app.post(
      '/api/v1/records/:category',
      {
        schema: {
          tags,
          summary: 'Create a record',
          params: CategoryOnlyParamsSchema,
          body: CreateRecordRequestSchema,
          response: { 201: RecordResponseSchema },
        },
      },
      async (request, reply) => {
        const caller = principalOf(request);
        const record = await records.create(caller, request.params.category, request.body.data);
        return reply.code(201).send({ record });
      },
    );

    app.get(
      '/api/v1/records/:category/:id',
      { schema: { tags, summary: 'One record', params: RecordParamsSchema, response: { 200: RecordResponseSchema } } },
      async (request, reply) => {
        const record = await records.get(principalOf(request), request.params.category, request.params.id);
        // A stored, validated row (see toRecord): checking it against the union of every
        // category's schema on the way out cost more than the rest of the request.
        return sendJsonText(reply, { record } satisfies RecordResponse);
      },
    );

    app.put(
      '/api/v1/records/:category/:id',
      {
        schema: {
          tags,
          summary: 'Change a record; 409 with the server’s copy when it changed since baseVersion',
          params: RecordParamsSchema,
          body: UpdateRecordRequestSchema,
          response: { 200: RecordResponseSchema },
        },
      },
      async (request) => {
        const { category, id } = request.params;
        const caller = principalOf(request);
        return { record: await records.update(caller, category, id, request.body.baseVersion, request.body.data) };
      },
    );

    app.delete(
      '/api/v1/records/:category/:id',
      {
        schema: {
          tags,
          summary: 'Move a record to the recycle bin',
          params: RecordParamsSchema,
          querystring: DeleteRecordQuerySchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        const caller = principalOf(request);
        await records.remove(caller, request.params.category, request.params.id, request.query.baseVersion);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/records/:category/:id/restore',
      {
        schema: {
          tags,
          summary: 'Bring a record back from the recycle bin',
          params: RecordParamsSchema,
          response: { 200: RecordResponseSchema },
        },
      },
      async (request) => ({
        record: await records.restore(principalOf(request), request.params.category, request.params.id),
      }),
    );

    app.get(
      '/api/v1/messages/threads',
      {
        schema: {
          tags,
          summary: 'Message threads, the latest first',
          querystring: ThreadsQuerySchema,
          response: { 200: ThreadListSchema },
        },
      },
      async (request) => records.threads(principalOf(request), request.query),
    );

    app.post(
      '/api/v1/messages',
      {
        schema: {
          tags,
          summary: 'Send a text message through one of the account’s phones',
          description:
            'Stored at once as "queued" and handed to the phone as a send_sms command; the phone’s report makes it "sent" or "failed".',
          body: SendMessageRequestSchema,
          response: { 201: RecordResponseSchema },
        },
      },
      async (request, reply) => {
        const record = await messages.send(principalOf(request), request.body);
        return reply.code(201).send({ record });
      },
    );

    app.post(
      '/api/v1/messages/threads/:key/read',
      {
        schema: {
          tags,
          summary: 'Mark every message of a thread read',
          params: ThreadParamsSchema,
          response: { 200: ThreadReadSchema },
        },
      },
      async (request) => ({
        updated: await messages.markThreadRead(principalOf(request), request.params.key),
      }),
    );

    return Promise.resolve();
  };
}
