import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A 256-bit random secret, URL-safe: session tokens, activation and reset links. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A one-time code of `length` decimal digits, uniformly drawn. */
export function randomDigits(length = 6): string {
  return Array.from({ length }, () => randomInt(10)).join('');
}

/** SHA-256 hex of a 256-bit random token: enough to store it, since it cannot be guessed back. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Keyed hash for low-entropy secrets such as 6-digit codes: a plain SHA-256 of a code is undone
 * by trying all million codes, an HMAC under the server secret is not (if the database leaks
 * without the secret).
 */
export function hmacHex(key: string, ...parts: string[]): string {
  return createHmac('sha256', key).update(parts.join('\u0000')).digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
