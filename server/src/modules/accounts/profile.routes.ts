import {
  AccountResponseSchema,
  ChangePasswordRequestSchema,
  SecurityEventListSchema,
  SecurityEventsQuerySchema,
  UpdateProfileRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { ProfileService } from './profile.service.js';
import { BROWSER_COOKIE, requestContext } from './session-cookies.js';

const tags = ['account'];

/** The signed-in owner's profile, password and security activity. Thin: rules live in the service. */
export function profileRoutes(profile: ProfileService): FastifyPluginAsyncZod {
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
        onRequest: requireAuth({ via: ['web'] }),
      },
      async (request) => ({ account: await profile.updateProfile(principalOf(request), request.body) }),
    );

    app.post(
      '/api/v1/account/password',
      {
        schema: {
          tags,
          summary: 'Change the password; every other session and device is signed out and forgotten',
          body: ChangePasswordRequestSchema,
          response: { 204: z.undefined() },
        },
        onRequest: requireAuth({ via: ['web'] }),
      },
      async (request, reply) => {
        await profile.changePassword(
          principalOf(request),
          request.body,
          requestContext(request),
          request.cookies[BROWSER_COOKIE],
        );
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
        // Where and when the owner signs in is the portal's to see, not a phone's.
        onRequest: requireAuth({ via: ['web'] }),
      },
      async (request) => ({
        events: await profile.securityEvents(principalOf(request), request.query.limit),
      }),
    );
    return Promise.resolve();
  };
}
