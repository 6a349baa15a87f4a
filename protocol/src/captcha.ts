import { z } from 'zod';

/**
 * An ALTCHA proof-of-work challenge, exactly as the ALTCHA widget takes it (`challengeurl` answer
 * or `challengejson`): find the number n ≤ maxnumber with SHA-256(salt + n) = challenge.
 */
export const AltchaChallengeSchema = z
  .object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string(),
    maxnumber: z.number().int().positive().optional(),
    salt: z.string(),
    signature: z.string(),
  })
  .meta({ id: 'AltchaChallenge' });
export type AltchaChallenge = z.infer<typeof AltchaChallengeSchema>;

/**
 * What `GET /api/v1/captcha` answers: a fresh challenge of the kind this server uses. The portal
 * fetches one each time it shows a form that asks for a captcha; each is good for one answer.
 */
export const CaptchaChallengeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('altcha'), challenge: AltchaChallengeSchema }),
    z.object({
      kind: z.literal('image'),
      /** Sent back before the typed text: `<id>:<text>`. */
      id: z.string(),
      /** An SVG as a data URL, to show in an <img>; dark text on a transparent background. */
      image: z.string().startsWith('data:image/svg+xml;base64,'),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }),
    // Local development only: forms need no captcha.
    z.object({ kind: z.literal('off') }),
  ])
  .meta({ id: 'CaptchaChallenge' });
export type CaptchaChallenge = z.infer<typeof CaptchaChallengeSchema>;
export type CaptchaKind = CaptchaChallenge['kind'];

/**
 * The answer forms send in their `captcha` field: for altcha the widget's base64 payload, for
 * image `<id>:<typed text>`, for off anything (or nothing). Each answer is accepted once.
 */
export const CaptchaSolutionSchema = z
  .string()
  .max(4096)
  .meta({ id: 'CaptchaSolution', description: 'The solved captcha: ALTCHA payload, or `<id>:<text>` for an image' });
export type CaptchaSolution = z.infer<typeof CaptchaSolutionSchema>;
