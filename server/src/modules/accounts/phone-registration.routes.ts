import {
  CompletePhoneRegistrationRequestSchema,
  PhoneCodeSentSchema,
  PhoneVerifiedSchema,
  RegisterByPhoneRequestSchema,
  ResendPhoneCodeRequestSchema,
  SessionInfoSchema,
  VerifyPhoneRequestSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PhoneRegistrationService } from './phone-registration.service.js';
import { requestContext, setSessionCookies } from './session-cookies.js';

const tags = ['account'];

/** Sign-up with a phone number: SMS code, then the password. */
export function phoneRegistrationRoutes(
  phone: PhoneRegistrationService,
  secureCookies: boolean,
): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/api/v1/accounts/phone',
      {
        schema: {
          tags,
          summary: 'Create an account with a phone number: sends a 6-digit code by SMS',
          body: RegisterByPhoneRequestSchema,
          response: { 202: PhoneCodeSentSchema },
        },
      },
      async (request, reply) => reply.code(202).send(await phone.start(request.body, requestContext(request))),
    );

    app.post(
      '/api/v1/accounts/phone/resend',
      {
        schema: {
          tags,
          summary: 'Send the sign-up code again',
          body: ResendPhoneCodeRequestSchema,
          response: { 202: PhoneCodeSentSchema },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await phone.resend(request.body.registrationId, requestContext(request))),
    );

    app.post(
      '/api/v1/accounts/phone/verify',
      {
        schema: {
          tags,
          summary: 'Prove the phone number with the SMS code',
          body: VerifyPhoneRequestSchema,
          response: { 200: PhoneVerifiedSchema },
        },
      },
      (request) => phone.verify(request.body.registrationId, request.body.code),
    );

    app.post(
      '/api/v1/accounts/phone/complete',
      {
        schema: {
          tags,
          summary: 'Choose the password: the account becomes active and this browser signed in',
          body: CompletePhoneRegistrationRequestSchema,
          response: { 200: SessionInfoSchema },
        },
      },
      async (request, reply) => {
        const { registrationId, setupToken, password } = request.body;
        const opened = await phone.complete(registrationId, setupToken, password, requestContext(request));
        setSessionCookies(reply, opened, secureCookies);
        return opened.info;
      },
    );
    return Promise.resolve();
  };
}
