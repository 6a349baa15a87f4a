import { z } from 'zod';
import { AccountSchema, CodeDestinationSchema } from './accounts.js';
import { PasswordSchema } from './passwords.js';

/** How long a deleted account can still be restored by signing in and cancelling. */
export const DELETION_GRACE_DAYS = 7;

/** "Delete account", step one: a 6-digit code to a verified e-mail or phone of the signed-in account. */
export const DeletionCodeRequestSchema = z
  .object({
    destinationId: z
      .string()
      .max(100)
      .optional()
      .describe('Which verified e-mail or phone gets the code; the first one when absent'),
  })
  .meta({ id: 'DeletionCodeRequest' });
export type DeletionCodeRequest = z.input<typeof DeletionCodeRequestSchema>;

export const DeletionCodeSentSchema = z
  .object({
    challengeId: z.string(),
    destinations: z.array(CodeDestinationSchema),
    sentTo: z.string().describe('The id of the destination the code went to'),
    resendAfterSeconds: z.number().int(),
  })
  .meta({ id: 'DeletionCodeSent' });
export type DeletionCodeSent = z.infer<typeof DeletionCodeSentSchema>;

/** Step two: the password again and the code. The account is then deleted after the grace period. */
export const DeletionRequestSchema = z
  .object({
    password: PasswordSchema,
    challengeId: z.string().max(100),
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
  })
  .meta({ id: 'DeletionRequest' });
export type DeletionRequest = z.input<typeof DeletionRequestSchema>;

/** The account after a deletion was scheduled or cancelled: its status and deletionDueAt tell which. */
export const AccountStateSchema = z.object({ account: AccountSchema }).meta({ id: 'AccountState' });
export type AccountState = z.infer<typeof AccountStateSchema>;
