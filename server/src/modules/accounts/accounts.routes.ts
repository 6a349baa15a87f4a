import {
  ActivateRequestSchema,
  DeviceTokensSchema,
  RefreshRequestSchema,
  ActivationSentSchema,
  CodeSentSchema,
  RegisterByEmailRequestSchema,
  ResendActivationRequestSchema,
  ResendSignInCodeRequestSchema,
  SessionInfoSchema,
  SessionListSchema,
  SignInRequestSchema,
  SignInResultSchema,
  VerifySignInRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { RegistrationService } from './registration.service.js';
import { BROWSER_COOKIE, clearSessionCookie, requestContext, setSessionCookies } from './session-cookies.js';
import type { SignInService } from './sign-in.service.js';

const tags = ['account'];
const RefreshedTokensSchema = DeviceTokensSchema.omit({ deviceToken: true });
/** A browser, or a device about its own sign-in (who it is, signing out). */
const signedIn = requireAuth({ via: ['web', 'device'] });
/** Seeing and ending other sessions is managing the account: the portal's. */
const portal = requireAuth({ via: ['web'] });

/** Registration, activation, sign-in with new-browser codes, and sessions. Thin: rules live in the services. */
export function accountsRoutes(
  registration: RegistrationService,
  signIn: SignInService,
  secureCookies: boolean,
): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/api/v1/accounts/email',
      {
        schema: {
          tags,
          summary: 'Create an account with an e-mail address',
          body: RegisterByEmailRequestSchema,
          response: { 202: ActivationSentSchema },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await registration.registerByEmail(request.body, requestContext(request))),
    );

    app.post(
      '/api/v1/accounts/activation/resend',
      {
        schema: {
          tags,
          summary: 'Send the activation e-mail again',
          body: ResendActivationRequestSchema,
          response: { 202: ActivationSentSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(await registration.resendActivation(request.body.email, request.body.locale, requestContext(request))),
    );

    app.post(
      '/api/v1/accounts/activate',
      {
        schema: {
          tags,
          summary: 'Activate an account with the token of its activation link',
          body: ActivateRequestSchema,
          response: { 200: SessionInfoSchema },
        },
      },
      async (request, reply) => {
        const opened = await registration.activate(request.body.token, requestContext(request));
        setSessionCookies(reply, opened, secureCookies);
        return opened.info;
      },
    );

    app.post(
      '/api/v1/sessions',
      {
        schema: {
          tags,
          summary: 'Sign in with a password',
          body: SignInRequestSchema,
          response: { 200: SignInResultSchema, 202: SignInResultSchema },
        },
      },
      async (request, reply) => {
        const outcome = await signIn.signIn(request.body, request.cookies[BROWSER_COOKIE], requestContext(request));
        if (outcome.kind === 'verification_required') return reply.code(202).send(outcome.result);
        setSessionCookies(reply, outcome.session, secureCookies);
        return { status: 'signed_in' as const, ...outcome.session.info };
      },
    );

    app.post(
      '/api/v1/sessions/verify',
      {
        schema: {
          tags,
          summary: 'Finish signing in on a new browser with the 6-digit code',
          body: VerifySignInRequestSchema,
          response: { 200: SessionInfoSchema },
        },
      },
      async (request, reply) => {
        const opened = await signIn.verifyNewDevice(
          request.body.challengeId,
          request.body.code,
          requestContext(request),
        );
        setSessionCookies(reply, opened, secureCookies);
        return opened.info;
      },
    );

    app.post(
      '/api/v1/sessions/verify/resend',
      {
        schema: {
          tags,
          summary: 'Send the sign-in code again, to the same or another destination',
          body: ResendSignInCodeRequestSchema,
          response: { 200: CodeSentSchema },
        },
      },
      (request) => signIn.resendCode(request.body.challengeId, request.body.destinationId),
    );

    app.post(
      '/api/v1/sessions/refresh',
      {
        schema: {
          tags,
          summary: 'A device swaps its refresh token for new tokens (each refresh token works once)',
          body: RefreshRequestSchema,
          response: { 200: RefreshedTokensSchema },
        },
      },
      (request) => signIn.devices.refresh(request.body.refreshToken, requestContext(request)),
    );

    app.get(
      '/api/v1/session',
      {
        schema: { tags, summary: 'The signed-in account and its CSRF token', response: { 200: SessionInfoSchema } },
        onRequest: signedIn,
      },
      async (request) => {
        const { accountId, sessionId } = principalOf(request);
        return signIn.sessionInfo(accountId, sessionId);
      },
    );

    app.get(
      '/api/v1/sessions',
      {
        schema: {
          tags,
          summary: 'Sessions and devices signed in to this account',
          response: { 200: SessionListSchema },
        },
        onRequest: portal,
      },
      async (request) => ({ sessions: await signIn.listSessions(principalOf(request)) }),
    );

    app.delete(
      '/api/v1/sessions/current',
      { schema: { tags, summary: 'Sign out', response: { 204: z.undefined() } }, onRequest: signedIn },
      async (request, reply) => {
        const principal = principalOf(request);
        await signIn.revokeSession(principal, principal.sessionId, requestContext(request));
        clearSessionCookie(reply, secureCookies);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/api/v1/sessions/:id',
      {
        schema: {
          tags,
          summary: 'Sign out one session of this account',
          params: z.object({ id: z.string().max(100) }),
          response: { 204: z.undefined() },
        },
        onRequest: portal,
      },
      async (request, reply) => {
        const principal = principalOf(request);
        await signIn.revokeSession(principal, request.params.id, requestContext(request));
        if (request.params.id === principal.sessionId) clearSessionCookie(reply, secureCookies);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/sessions/revoke-others',
      {
        schema: {
          tags,
          summary: 'Sign out every other session and device, and forget every other remembered browser and device',
          response: { 200: z.object({ revoked: z.number().int() }) },
        },
        onRequest: portal,
      },
      async (request) => {
        const revoked = await signIn.revokeOtherSessions(
          principalOf(request),
          request.cookies[BROWSER_COOKIE],
          requestContext(request),
        );
        return { revoked };
      },
    );
    return Promise.resolve();
  };
}
