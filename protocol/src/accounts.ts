import { z } from 'zod';
import { CaptchaSolutionSchema } from './captcha.js';
import { LocaleSchema } from './locales.js';
import { PasswordSchema } from './passwords.js';

/** An e-mail address as typed; the server trims and lower-cases it. */
export const EmailSchema = z.string().trim().max(254).pipe(z.email('is not a valid e-mail address'));

/** ISO 3166-1 alpha-2 country or region code, e.g. "DE", "RU", "CN". */
export const RegionSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter country or region code')
  .describe('ISO 3166-1 alpha-2');

export const BirthDateSchema = z.iso.date('must be a date as YYYY-MM-DD');

const CaptchaFieldSchema = CaptchaSolutionSchema.optional();

export const RegisterByEmailRequestSchema = z
  .object({
    email: EmailSchema,
    region: RegionSchema,
    birthDate: BirthDateSchema,
    password: PasswordSchema,
    locale: LocaleSchema.default('en'),
    marketingOptIn: z.boolean().default(false),
    captcha: CaptchaFieldSchema,
  })
  .meta({ id: 'RegisterByEmailRequest' });
export type RegisterByEmailRequest = z.input<typeof RegisterByEmailRequestSchema>;

/** The same answer whether the address was new or already taken: registration never reveals accounts. */
export const ActivationSentSchema = z
  .object({
    status: z.literal('activation_sent'),
    email: z.string(),
    /** When "Resend activation e-mail" may be used again. */
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'ActivationSent' });
export type ActivationSent = z.infer<typeof ActivationSentSchema>;

export const ResendActivationRequestSchema = z
  .object({ email: EmailSchema, locale: LocaleSchema.default('en') })
  .meta({ id: 'ResendActivationRequest' });

export const ActivateRequestSchema = z.object({ token: z.string().min(20).max(100) }).meta({ id: 'ActivateRequest' });

export const IdentifierSchema = z.object({
  kind: z.enum(['email', 'phone']),
  value: z.string(),
  verified: z.boolean(),
});

export const AccountSchema = z
  .object({
    id: z.string(),
    number: z.string().describe('The public 10-digit account number; it can be used to sign in'),
    status: z.enum(['active', 'deleting']),
    displayName: z.string().nullable(),
    region: z.string(),
    locale: LocaleSchema,
    birthDate: z.string(),
    marketingOptIn: z.boolean(),
    identifiers: z.array(IdentifierSchema),
    createdAt: z.iso.datetime(),
    deletionDueAt: z.iso
      .datetime()
      .nullable()
      .describe('While status is "deleting": when the grace period ends and the account is purged'),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof AccountSchema>;

/** What a device keeps: it sends the access token as a Bearer token and swaps the refresh token for new ones. */
export const DeviceTokensSchema = z
  .object({
    accessToken: z.string(),
    accessExpiresIn: z.number().int().describe('Seconds'),
    refreshToken: z.string().describe('Single use: each refresh answers a new one'),
    deviceToken: z.string().describe('Proves this device was verified; send it with the next sign-in'),
  })
  .meta({ id: 'DeviceTokens' });
export type DeviceTokens = z.infer<typeof DeviceTokensSchema>;

/** The signed-in account, and the token every cookie-authenticated change must carry in x-csrf-token. */
export const SessionInfoSchema = z
  .object({ account: AccountSchema, csrfToken: z.string(), tokens: DeviceTokensSchema.optional() })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SignInRequestSchema = z
  .object({
    login: z.string().trim().min(1).max(254).describe('E-mail, phone number or account number'),
    password: PasswordSchema,
    captcha: CaptchaFieldSchema,
    client: z
      .enum(['web', 'device'])
      .default('web')
      .describe('web: a session cookie; device: access and refresh tokens in the answer'),
    deviceToken: z.string().max(100).optional().describe('A device: the token it got when it was last verified'),
    deviceName: z.string().trim().max(100).optional().describe('A device: how it is shown in "Sessions and devices"'),
  })
  .meta({ id: 'SignInRequest' });
export type SignInRequest = z.input<typeof SignInRequestSchema>;

export const CodeDestinationSchema = z.object({
  id: z.string(),
  kind: z.enum(['email', 'phone']),
  masked: z.string().describe('e.g. "an***@example.org" or "+7 *** *** **67"'),
});
export type CodeDestination = z.infer<typeof CodeDestinationSchema>;

export const RefreshRequestSchema = z
  .object({ refreshToken: z.string().min(20).max(100) })
  .meta({ id: 'RefreshRequest' });

export const SignInResultSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('signed_in'),
      account: AccountSchema,
      csrfToken: z.string(),
      tokens: DeviceTokensSchema.optional().describe('Only for client "device"'),
    }),
    z.object({
      status: z.literal('verification_required'),
      challengeId: z.string(),
      destinations: z.array(CodeDestinationSchema),
      sentTo: z.string().describe('The id of the destination the code went to'),
      resendAfterSeconds: z.number().int(),
    }),
  ])
  .meta({ id: 'SignInResult' });
export type SignInResult = z.infer<typeof SignInResultSchema>;

export const VerifySignInRequestSchema = z
  .object({ challengeId: z.string().max(100), code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code') })
  .meta({ id: 'VerifySignInRequest' });

export const ResendSignInCodeRequestSchema = z
  .object({ challengeId: z.string().max(100), destinationId: z.string().max(100) })
  .meta({ id: 'ResendSignInCodeRequest' });

export const CodeSentSchema = z
  .object({ sentTo: z.string(), resendAfterSeconds: z.number().int() })
  .meta({ id: 'CodeSent' });

export const SessionSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['web', 'device']),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
});
export const SessionListSchema = z.object({ sessions: z.array(SessionSummarySchema) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof SessionListSchema>;
