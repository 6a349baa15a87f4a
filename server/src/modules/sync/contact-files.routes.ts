import { ImportResultSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import type { AccountsApi } from '../accounts/index.js';
import { MAX_IMPORT_BYTES, type ContactFiles } from './contact-files.js';
import type { SyncEngine } from './sync.service.js';

const tags = ['records'];
/** Moving an address book in is a rare act. */
const IMPORT_LIMIT: Limit = { points: 20, seconds: 3600 };

/**
 * Contacts in and out as .vcf files. A plugin of their own: the text/vcard parser and its larger
 * body limit apply to the import alone, never to the other records routes.
 */
export function contactFilesRoutes(
  engine: SyncEngine,
  files: ContactFiles,
  accounts: AccountsApi,
  limits: RateLimits,
): FastifyPluginAsyncZod {
  return (app) => {
    const callerOf = accounts.guard(app);
    const callerForContacts = async (request: Parameters<typeof callerOf>[0]) => {
      const caller = callerOf(request);
      await engine.checkAccess(caller, 'contacts');
      return caller;
    };
    const limitImports = async (caller: Awaited<ReturnType<typeof callerForContacts>>) => {
      await limits.consume('contacts:import', IMPORT_LIMIT, caller.accountId);
      return caller;
    };
    app.addContentTypeParser(
      ['text/vcard', 'text/x-vcard'],
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => {
        done(null, body);
      },
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
      async (request) => files.importVcf(await limitImports(await callerForContacts(request)), request.body),
    );

    app.get(
      '/api/v1/contacts/export',
      { schema: { tags, summary: 'Every contact as one .vcf file' } },
      async (request, reply) => {
        const caller = await callerForContacts(request);
        return reply
          .type('text/vcard; charset=utf-8')
          .header('content-disposition', 'attachment; filename="contacts.vcf"')
          .send(files.exportVcf(caller));
      },
    );
    return Promise.resolve();
  };
}
