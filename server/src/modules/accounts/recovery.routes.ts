import {
  CompleteRecoveryRequestSchema,
  PasswordRecoveredSchema,
  RecoveryRequestSchema,
  RecoveryStartedSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecoveryService } from './recovery.service.js';
import { requestContext } from './session-cookies.js';

const tags = ['account'];

/** "Forgot password". Thin: the rules, and the care not to reveal accounts, live in the service. */
export function recoveryRoutes(recovery: RecoveryService): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/api/v1/recovery',
      {
        schema: {
          tags,
          summary: 'Forgot password: send a link to the e-mail or a code to the phone of an account',
          description: 'Answers the same whether or not an account has this login.',
          body: RecoveryRequestSchema,
          response: { 202: RecoveryStartedSchema },
        },
      },
      async (request, reply) => reply.code(202).send(await recovery.start(request.body, requestContext(request))),
    );

    app.post(
      '/api/v1/recovery/complete',
      {
        schema: {
          tags,
          summary: 'Choose a new password with the link token, or with the recovery id and code',
          description: 'Every session and device of the account is signed out; the owner is notified.',
          body: CompleteRecoveryRequestSchema,
          response: { 200: PasswordRecoveredSchema },
        },
      },
      async (request) => {
        await recovery.complete(request.body, requestContext(request));
        return { status: 'password_changed' as const };
      },
    );
    return Promise.resolve();
  };
}
