import {
  AccountResponseSchema,
  ChangeContactRequestSchema,
  ConfirmContactRequestSchema,
  ContactCodeSentSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { ContactsService } from './contacts.service.js';
import { requestContext } from './session-cookies.js';

const tags = ['account'];

/** Adding or changing the e-mail or phone of the signed-in account. Thin: rules live in ContactsService. */
export function contactsRoutes(contacts: ContactsService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web'] }));
    app.post(
      '/api/v1/account/contacts',
      {
        schema: {
          tags,
          summary: 'Add or change the e-mail or phone: the current password, then a code to the new one',
          body: ChangeContactRequestSchema,
          response: { 202: ContactCodeSentSchema },
        },
      },
      async (request, reply) => {
        return reply
          .code(202)
          .send(await contacts.sendCode(principalOf(request), request.body, requestContext(request)));
      },
    );

    app.post(
      '/api/v1/account/contacts/confirm',
      {
        schema: {
          tags,
          summary: 'Confirm the new e-mail or phone with its code; the old one is told',
          body: ConfirmContactRequestSchema,
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
