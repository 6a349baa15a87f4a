import {
  AccountResponseSchema,
  ChangeContactRequestSchema,
  ConfirmContactRequestSchema,
  ContactCodeSentSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ContactsService } from './contacts.service.js';
import { requestContext, requireSession } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

const tags = ['account'];

/** Adding or changing the e-mail or phone of the signed-in account. Thin: rules live in ContactsService. */
export function contactsRoutes(contacts: ContactsService, signIn: SignInService): FastifyPluginAsyncZod {
  return (app) => {
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
        const session = await requireSession(request, signIn);
        return reply.code(202).send(await contacts.sendCode(session.account_id, request.body, requestContext(request)));
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
        const session = await requireSession(request, signIn);
        return { account: await contacts.confirm(session.account_id, request.body, requestContext(request)) };
      },
    );
    return Promise.resolve();
  };
}
