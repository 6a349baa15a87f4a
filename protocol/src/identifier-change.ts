import { z } from 'zod';
import { RegionSchema } from './accounts.js';
import { PasswordSchema } from './passwords.js';

// Adding or changing the account's e-mail or phone: the current password first, then a 6-digit
// code sent to the new address or number. The old one is told once the change is made.

export const IdentifierKindSchema = z.enum(['email', 'phone']);
export type IdentifierKind = z.infer<typeof IdentifierKindSchema>;

export const ChangeIdentifierRequestSchema = z
  .object({
    kind: IdentifierKindSchema,
    value: z
      .string()
      .trim()
      .min(3)
      .max(254)
      .describe('The new e-mail address, or the new phone number: international (+7 916 …) or national in phoneRegion'),
    phoneRegion: RegionSchema.optional().describe(
      "The country a national phone number is read in; the account's region when left out",
    ),
    password: PasswordSchema.describe('The current password: re-authentication before the change'),
  })
  .meta({ id: 'ChangeIdentifierRequest' });
export type ChangeIdentifierRequest = z.input<typeof ChangeIdentifierRequestSchema>;

/**
 * A code went to the new address or number. The same answer when the address already belongs to
 * another account (no code goes there then, and confirming fails), so nobody learns whose it is.
 */
export const IdentifierCodeSentSchema = z
  .object({
    challengeId: z.string(),
    kind: IdentifierKindSchema,
    masked: z.string().describe('The new address or number, masked: "an***@example.org", "+7 *** *** **67"'),
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'IdentifierCodeSent' });
export type IdentifierCodeSent = z.infer<typeof IdentifierCodeSentSchema>;

export const ConfirmIdentifierRequestSchema = z
  .object({
    challengeId: z.string().max(100),
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
  })
  .meta({ id: 'ConfirmIdentifierRequest' });
export type ConfirmIdentifierRequest = z.input<typeof ConfirmIdentifierRequestSchema>;
