import { z } from 'zod';

// Shared with the portal, which shows the rules live as the user types: keep this file pure, with
// nothing heavier than zod. The dictionary and breach checks live on the server only.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The rules a password's shape must meet, in the order the portal lists them.
 *
 * "At least one letter and one digit" is our one deliberate deviation from OWASP ASVS 6.2.5, which
 * forbids composition rules: it is the rule Nimbus phones have always shown, and the portal must
 * not accept a password a phone would then refuse. Every other rule follows ASVS.
 */
export const PASSWORD_RULES = ['length', 'letter', 'digit'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/**
 * Why a password was refused. Stable machine codes, like error codes: clients translate them and
 * never rename or reuse one. Listed in the order the server reports them.
 */
export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_long',
  'needs_letter',
  'needs_digit',
  'too_common',
  'same_as_identifier',
  'breached',
] as const;
export const PasswordProblemSchema = z.enum(PASSWORD_PROBLEMS);
export type PasswordProblem = z.infer<typeof PasswordProblemSchema>;

/**
 * A password as it travels in a request. Only a transport limit: the rules are checked by the
 * server's policy, so a refusal reports every problem at once instead of zod's first. Never trimmed:
 * spaces are part of a password.
 */
export const PasswordSchema = z.string().min(1).max(1024).describe('A password; never trimmed or logged');

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/**
 * Length in Unicode code points of the NFC form, the form Nimbus hashes: "é" is one character
 * however the keyboard composed it, and an emoji outside the BMP is one, not two UTF-16 units.
 */
export function passwordLength(password: string): number {
  return Array.from(password.normalize('NFC')).length;
}

/** Which shape rules the password meets: letters are any Unicode letter, digits any decimal digit. */
export function checkPasswordShape(password: string): Record<PasswordRule, boolean> {
  const length = passwordLength(password);
  return {
    length: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH,
    letter: LETTER.test(password),
    digit: DIGIT.test(password),
  };
}

/** The shape problems of a password, in report order; empty when the shape is fine. */
export function passwordShapeProblems(password: string): PasswordProblem[] {
  const length = passwordLength(password);
  const problems: PasswordProblem[] = [];
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (!LETTER.test(password)) problems.push('needs_letter');
  if (!DIGIT.test(password)) problems.push('needs_digit');
  return problems;
}
