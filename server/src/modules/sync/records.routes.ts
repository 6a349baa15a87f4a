import {
  CategoryOnlyParamsSchema,
  CreateRecordRequestSchema,
  DeleteRecordQuerySchema,
  ImportResultSchema,
  ListRecordsQuerySchema,
  RecordListSchema,
  RecordParamsSchema,
  RecordResponseSchema,
  SendMessageRequestSchema,
  ThreadListSchema,
  ThreadParamsSchema,
  ThreadReadSchema,
  ThreadsQuerySchema,
  UpdateRecordRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsApi } from '../accounts/index.js';
import type { ContactFiles } from './contact-files.js';
import type { MessagesService } from './messages.service.js';
import type { RecordsService } from './records.service.js';

const tags = ['records'];
/** A .vcf of 10,000 contacts with small photos. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Records one at a time, as the portal shows and edits them; every edit reaches the phones. */
export function recordsRoutes(
  records: RecordsService,
  files: ContactFiles,
  messages: MessagesService,
  accounts: AccountsApi,
): FastifyPluginAsyncZod {
  return (app) => {
    app.addContentTypeParser(
      ['text/vcard', 'text/x-vcard'],
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => {
        done(null, body);
      },
    );

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
      async (request) => records.list(await accounts.authenticate(request), request.params.category, request.query),
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
        const caller = await accounts.authenticate(request);
        const record = await records.create(caller, request.params.category, request.body.data);
        return reply.code(201).send({ record });
      },
    );

    app.get(
      '/api/v1/records/:category/:id',
      { schema: { tags, summary: 'One record', params: RecordParamsSchema, response: { 200: RecordResponseSchema } } },
      async (request) => ({
        record: await records.get(await accounts.authenticate(request), request.params.category, request.params.id),
      }),
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
        const caller = await accounts.authenticate(request);
        const { category, id } = request.params;
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
        const caller = await accounts.authenticate(request);
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
        record: await records.restore(await accounts.authenticate(request), request.params.category, request.params.id),
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
      async (request) => records.threads(await accounts.authenticate(request), request.query),
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
        const record = await messages.send(await accounts.authenticate(request), request.body);
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
        updated: await messages.markThreadRead(await accounts.authenticate(request), request.params.key),
      }),
    );

    app.post(
      '/api/v1/contacts/import',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Import a .vcf file (Content-Type: text/vcard); each card becomes a contact',
          body: z.string().max(MAX_IMPORT_BYTES),
          response: { 200: ImportResultSchema },
        },
      },
      async (request) => files.importVcf(await accounts.authenticate(request), request.body),
    );

    app.get(
      '/api/v1/contacts/export',
      { schema: { tags, summary: 'Every contact as one .vcf file' } },
      async (request, reply) => {
        const caller = await accounts.authenticate(request);
        return reply
          .type('text/vcard; charset=utf-8')
          .header('content-disposition', 'attachment; filename="contacts.vcf"')
          .send(files.exportVcf(caller));
      },
    );
    return Promise.resolve();
  };
}
