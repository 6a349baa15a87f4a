import { z } from 'zod';
import { RegionSchema } from './accounts.js';
import { PasswordSchema } from './passwords.js';

// Adding or changing the account's e-mail or phone: the current password first, then a 6-digit
// code sent to the new address or number. The old one is told once the change is made.

export const ContactKindSchema = z.enum(['email', 'phone']);
export type ContactKind = z.infer<typeof ContactKindSchema>;

export const ChangeContactRequestSchema = z
  .object({
    kind: ContactKindSchema,
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
  .meta({ id: 'ChangeContactRequest' });
export type ChangeContactRequest = z.input<typeof ChangeContactRequestSchema>;

/**
 * A code went to the new address or number. The same answer when the address already belongs to
 * another account (no code goes there then, and confirming fails), so nobody learns whose it is.
 */
export const ContactCodeSentSchema = z
  .object({
    challengeId: z.string(),
    kind: ContactKindSchema,
    masked: z.string().describe('The new address or number, masked: "an***@example.org", "+7 *** *** **67"'),
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'ContactCodeSent' });
export type ContactCodeSent = z.infer<typeof ContactCodeSentSchema>;

export const ConfirmContactRequestSchema = z
  .object({
    challengeId: z.string().max(100),
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
  })
  .meta({ id: 'ConfirmContactRequest' });
export type ConfirmContactRequest = z.input<typeof ConfirmContactRequestSchema>;
