import { AppError } from '../../core/errors.js';
import { constantTimeEqual, hashToken, hmacHex, randomDigits, randomToken } from '../../core/crypto.js';
import { newId } from '../../core/ids.js';
import type { AccountsRepo, VerificationRow } from './accounts.repo.js';
import type { IdentifierKind, VerificationPurpose } from './accounts.tables.js';

/** 5 wrong codes burn a code (DESIGN §7). */
export const MAX_CODE_ATTEMPTS = 5;

export interface NewVerification {
  accountId: string;
  purpose: VerificationPurpose;
  channel: IdentifierKind;
  target: string;
  ttlMs: number;
  data?: Record<string, string>;
  now: number;
}

/** A link: 256 random bits, stored as SHA-256. Returns the token for the link. */
export async function issueLink(repo: AccountsRepo, verification: NewVerification): Promise<string> {
  const token = randomToken();
  await repo.insertVerification(row(verification, hashToken(token)));
  return token;
}

/** A 6-digit code, stored as an HMAC under the server secret bound to the verification's id. */
export async function issueCode(
  repo: AccountsRepo,
  secret: string,
  verification: NewVerification,
): Promise<{ id: string; code: string }> {
  const id = newId();
  const code = randomDigits(6);
  await repo.insertVerification({ ...row(verification, codeHash(secret, id, code)), id });
  return { id, code };
}

/** A fresh code for the same verification (resend): the old code stops working, attempts start over. */
export async function reissueCode(
  repo: AccountsRepo,
  secret: string,
  verification: VerificationRow,
  changes: { channel: IdentifierKind; target: string; expiresAt: number; now: number },
): Promise<string> {
  const code = randomDigits(6);
  await repo.replaceVerificationSecret(verification.id, codeHash(secret, verification.id, code), {
    channel: changes.channel,
    target: changes.target,
    attempts: 0,
    expires_at: changes.expiresAt,
    created_at: changes.now,
  });
  return code;
}

/**
 * What else a code's check spends: `reserve` runs once a try is taken and before the code is
 * compared (it may refuse), `giveBack` once the code proved right.
 */
export interface CodeBudget {
  reserve(): Promise<void>;
  giveBack(): Promise<void>;
}

/**
 * Checks a code against an open verification and consumes it when right. Each check takes a try
 * first, atomically, so at most five codes are ever compared however many arrive at once; the
 * fifth wrong one burns it. Throws code_expired or code_invalid; the same error for a wrong code
 * and a burnt one, so guessing learns nothing.
 */
export async function redeemCode(
  repo: AccountsRepo,
  secret: string,
  verification: VerificationRow | undefined,
  code: string,
  now: number,
  budget?: CodeBudget,
): Promise<VerificationRow> {
  if (verification?.consumed_at !== null) throw codeInvalid();
  if (verification.expires_at <= now) throw new AppError('code_expired', 'This code has expired. Ask for a new one.');
  if (verification.attempts >= MAX_CODE_ATTEMPTS) throw codeInvalid(true);
  const attempts = await repo.claimCodeAttempt(verification.id, MAX_CODE_ATTEMPTS, now);
  if (attempts === undefined) throw codeInvalid(true);
  await budget?.reserve();
  if (!constantTimeEqual(codeHash(secret, verification.id, code), verification.secret_hash)) {
    throw codeInvalid(attempts >= MAX_CODE_ATTEMPTS);
  }
  if (!(await repo.consumeVerification(verification.id, now))) throw codeInvalid();
  await budget?.giveBack();
  return verification;
}

function codeInvalid(burnt = false): AppError {
  return new AppError(
    'code_invalid',
    burnt ? 'Too many wrong codes. Ask for a new code.' : 'This code is not right. Check it and try again.',
    { burnt },
  );
}

function codeHash(secret: string, id: string, code: string): string {
  return hmacHex(secret, 'verification-code', id, code);
}

function row(verification: NewVerification, secretHash: string) {
  return {
    id: newId(),
    account_id: verification.accountId,
    purpose: verification.purpose,
    channel: verification.channel,
    target: verification.target,
    secret_hash: secretHash,
    attempts: 0,
    data: verification.data === undefined ? null : JSON.stringify(verification.data),
    expires_at: verification.now + verification.ttlMs,
    consumed_at: null,
    created_at: verification.now,
  };
}
