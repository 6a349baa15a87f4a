import {
  AccountResponseSchema,
  ChangePasswordRequestSchema,
  SecurityEventListSchema,
  SecurityEventsQuerySchema,
  UpdateProfileRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ProfileService } from './profile.service.js';
import { requestContext, requireSession } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

const tags = ['account'];

/** The signed-in owner's profile, password and security activity. Thin: rules live in the service. */
export function profileRoutes(profile: ProfileService, signIn: SignInService): FastifyPluginAsyncZod {
  return (app) => {
    app.patch(
      '/api/v1/account',
      {
        schema: {
          tags,
          summary: 'Change the display name, region, language or date of birth',
          body: UpdateProfileRequestSchema,
          response: { 200: AccountResponseSchema },
        },
      },
      async (request) => {
        const session = await requireSession(request, signIn);
        return { account: await profile.updateProfile(session.account_id, request.body) };
      },
    );

    app.post(
      '/api/v1/account/password',
      {
        schema: {
          tags,
          summary: 'Change the password; every other session and device is signed out',
          body: ChangePasswordRequestSchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        const session = await requireSession(request, signIn);
        await profile.changePassword(session, request.body, requestContext(request));
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/account/security-events',
      {
        schema: {
          tags,
          summary: 'Security activity: sign-ins, new devices, password changes, locks and recoveries',
          querystring: SecurityEventsQuerySchema,
          response: { 200: SecurityEventListSchema },
        },
      },
      async (request) => {
        const session = await requireSession(request, signIn);
        return { events: await profile.securityEvents(session.account_id, request.query.limit) };
      },
    );
    return Promise.resolve();
  };
}
