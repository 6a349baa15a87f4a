import { ImportResultSchema } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import { MAX_IMPORT_BYTES, type ContactFiles } from './contact-files.js';

const tags = ['records'];

/**
 * Contacts in and out as .vcf files. A plugin of their own: the text/vcard parser and its larger
 * body limit apply to the import alone, never to the other records routes.
 */
export function contactFilesRoutes(files: ContactFiles): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
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
      async (request) => files.importVcf(principalOf(request), request.body),
    );

    app.get(
      '/api/v1/contacts/export',
      { schema: { tags, summary: 'Every contact as one .vcf file' } },
      async (request, reply) => {
        const vcf = await files.exportVcf(principalOf(request));
        return reply
          .type('text/vcard; charset=utf-8')
          .header('content-disposition', 'attachment; filename="contacts.vcf"')
          .send(vcf);
      },
    );
    return Promise.resolve();
  };
}
