import {
  AccountStateSchema,
  CodeDestinationSchema,
  DeletionCodeRequestSchema,
  DeletionCodeSentSchema,
  DeletionRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { DeletionService } from './deletion.service.js';
import { requestContext } from './session-cookies.js';

const tags = ['account'];

/** Where a deletion code can go. (Its place is protocol/src/account-deletion.ts, beside the others.) */
const DeletionDestinationsSchema = z
  .object({ destinations: z.array(CodeDestinationSchema) })
  .meta({ id: 'DeletionDestinations' });

/** "Delete account" and "Cancel deletion", for the signed-in portal session. Thin: rules live in DeletionService. */
export function deletionRoutes(deletion: DeletionService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web'] }));
    app.get(
      '/api/v1/account/deletion/destinations',
      {
        schema: {
          tags,
          summary: 'The verified e-mail and phone a deletion code can be sent to, masked',
          response: { 200: DeletionDestinationsSchema },
        },
      },
      async (request) => {
        return { destinations: await deletion.destinations(principalOf(request)) };
      },
    );

    app.post(
      '/api/v1/account/deletion/code',
      {
        schema: {
          tags,
          summary: 'Send a code to a verified e-mail or phone to confirm deleting the account',
          body: DeletionCodeRequestSchema,
          response: { 200: DeletionCodeSentSchema },
        },
      },
      async (request) => {
        return deletion.sendCode(principalOf(request), request.body.destinationId, requestContext(request));
      },
    );

    app.post(
      '/api/v1/account/deletion',
      {
        schema: {
          tags,
          summary: 'Delete the account after a grace period, with the password and the code',
          body: DeletionRequestSchema,
          response: { 200: AccountStateSchema },
        },
      },
      async (request) => {
        return deletion.requestDeletion(principalOf(request), request.body, requestContext(request));
      },
    );

    app.delete(
      '/api/v1/account/deletion',
      {
        schema: {
          tags,
          summary: 'Cancel the deletion of the account during its grace period',
          response: { 200: AccountStateSchema },
        },
      },
      async (request) => {
        return deletion.cancelDeletion(principalOf(request), requestContext(request));
      },
    );
    return Promise.resolve();
  };
}
