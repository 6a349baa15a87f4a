import { z } from 'zod';
import { AccountSchema, BirthDateSchema, RegionSchema } from './accounts.js';
import { CaptchaSolutionSchema } from './captcha.js';
import { LocaleSchema } from './locales.js';
import { PasswordSchema } from './passwords.js';

// "Forgot password", the profile, changing the password, and the security activity list.

export const RecoveryRequestSchema = z
  .object({
    login: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .describe('E-mail, phone number in international form (+…) or account number'),
    captcha: CaptchaSolutionSchema.optional(),
    /** The language of the link or code; the account's own language when left out. */
    locale: LocaleSchema.optional(),
  })
  .meta({ id: 'RecoveryRequest' });
export type RecoveryRequest = z.input<typeof RecoveryRequestSchema>;

/**
 * The one answer to "Forgot password", whether or not an account has that login: a link went to an
 * e-mail address, or a 6-digit code to a phone, or nothing went anywhere. The portal says "if this
 * account exists, we sent…" and offers both the code field and "check your mail".
 */
export const RecoveryStartedSchema = z
  .object({
    status: z.literal('recovery_started'),
    recoveryId: z.string().describe('Sent back with the 6-digit code when the code went to a phone'),
    /** When the same login may ask again. */
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'RecoveryStarted' });
export type RecoveryStarted = z.infer<typeof RecoveryStartedSchema>;

/** The new password, with the token of the e-mailed link or with the recovery id and the SMS code. */
export const CompleteRecoveryRequestSchema = z
  .union([
    z.object({ token: z.string().min(20).max(100), password: PasswordSchema }),
    z.object({
      recoveryId: z.string().max(100),
      code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
      password: PasswordSchema,
    }),
  ])
  .meta({ id: 'CompleteRecoveryRequest' });
export type CompleteRecoveryRequest = z.input<typeof CompleteRecoveryRequestSchema>;

/** The password was replaced and every session signed out: the user signs in with the new one. */
export const PasswordRecoveredSchema = z
  .object({ status: z.literal('password_changed') })
  .meta({ id: 'PasswordRecovered' });

/** A change of the profile: only the fields sent change; `displayName: null` clears the name. */
export const UpdateProfileRequestSchema = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^\P{Cc}*$/u, 'must not contain control characters')
      .nullable()
      .optional(),
    region: RegionSchema.optional(),
    locale: LocaleSchema.optional(),
    birthDate: BirthDateSchema.optional(),
  })
  .meta({ id: 'UpdateProfileRequest' });
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequestSchema>;

export const AccountResponseSchema = z.object({ account: AccountSchema }).meta({ id: 'AccountResponse' });

export const ChangePasswordRequestSchema = z
  .object({ currentPassword: PasswordSchema, newPassword: PasswordSchema })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequestSchema>;

/** One entry of "Security activity". */
export const SecurityEventSchema = z
  .object({
    id: z.string(),
    /**
     * What happened: signed_in, sign_in_failed, new_device_verified, account_locked, signed_out,
     * session_revoked, password_changed, password_recovered, account_created, account_activated…
     * A string, not an enum: new kinds appear without breaking older clients, which show them generically.
     */
    type: z.string(),
    ip: z.string().nullable(),
    device: z.object({
      browser: z.string().nullable().describe('e.g. "Chrome 126"'),
      os: z.string().nullable().describe('e.g. "Android 14"'),
    }),
    createdAt: z.iso.datetime(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  })
  .meta({ id: 'SecurityEvent' });
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

export const SecurityEventListSchema = z
  .object({ events: z.array(SecurityEventSchema).describe('Newest first') })
  .meta({ id: 'SecurityEventList' });

export const SecurityEventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
