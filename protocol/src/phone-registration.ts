import { z } from 'zod';
import { BirthDateSchema, RegionSchema } from './accounts.js';
import { CaptchaSolutionSchema } from './captcha.js';
import { LocaleSchema } from './locales.js';
import { PasswordSchema } from './passwords.js';

export const RegisterByPhoneRequestSchema = z
  .object({
    phone: z.string().trim().min(3).max(32).describe('As typed: international (+7 916 …) or national in phoneRegion'),
    phoneRegion: RegionSchema.describe('The country whose calling code a national number is read in'),
    region: RegionSchema,
    birthDate: BirthDateSchema,
    locale: LocaleSchema.default('en'),
    marketingOptIn: z.boolean().default(false),
    captcha: CaptchaSolutionSchema.optional(),
  })
  .meta({ id: 'RegisterByPhoneRequest' });
export type RegisterByPhoneRequest = z.input<typeof RegisterByPhoneRequestSchema>;

/** The same answer whether the number was new or already taken. */
export const PhoneCodeSentSchema = z
  .object({
    status: z.literal('code_sent'),
    registrationId: z.string(),
    phone: z.string().describe('The number in E.164, as Nimbus understood it'),
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'PhoneCodeSent' });
export type PhoneCodeSent = z.infer<typeof PhoneCodeSentSchema>;

export const VerifyPhoneRequestSchema = z
  .object({
    registrationId: z.string().max(100),
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
  })
  .meta({ id: 'VerifyPhoneRequest' });

/** The code was right: the token lets the same client choose the password next (30 minutes). */
export const PhoneVerifiedSchema = z
  .object({ status: z.literal('phone_verified'), setupToken: z.string() })
  .meta({ id: 'PhoneVerified' });

export const CompletePhoneRegistrationRequestSchema = z
  .object({ registrationId: z.string().max(100), setupToken: z.string().min(20).max(100), password: PasswordSchema })
  .meta({ id: 'CompletePhoneRegistrationRequest' });

export const ResendPhoneCodeRequestSchema = z
  .object({ registrationId: z.string().max(100) })
  .meta({ id: 'ResendPhoneCodeRequest' });
