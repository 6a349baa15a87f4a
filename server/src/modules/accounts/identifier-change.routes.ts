import {
  AccountResponseSchema,
  ChangeIdentifierRequestSchema,
  ConfirmIdentifierRequestSchema,
  IdentifierCodeSentSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { IdentifierChangeService } from './identifier-change.service.js';
import { requestContext } from './session-cookies.js';

const tags = ['account'];

/** Adding or changing the e-mail or phone of the signed-in account. Thin: rules live in IdentifierChangeService. */
export function identifierChangeRoutes(contacts: IdentifierChangeService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web'] }));
    app.post(
      '/api/v1/account/identifiers',
      {
        schema: {
          tags,
          summary: 'Add or change the e-mail or phone: the current password, then a code to the new one',
          body: ChangeIdentifierRequestSchema,
          response: { 202: IdentifierCodeSentSchema },
        },
      },
      async (request, reply) => {
        return reply
          .code(202)
          .send(await contacts.sendCode(principalOf(request), request.body, requestContext(request)));
      },
    );

    app.post(
      '/api/v1/account/identifiers/confirm',
      {
        schema: {
          tags,
          summary: 'Confirm the new e-mail or phone with its code; the old one is told',
          body: ConfirmIdentifierRequestSchema,
          response: { 200: AccountResponseSchema },
        },
      },
      async (request) => {
        return { account: await contacts.confirm(principalOf(request), request.body, requestContext(request)) };
      },
    );
    return Promise.resolve();
  };
}
