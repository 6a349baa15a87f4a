import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

// The package declares its enums as const enums, which isolatedModules cannot inline and which are
// empty objects at run time, so their members are written as the numbers they stand for.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const ARGON2ID = 2 as Algorithm.Argon2id;
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const VERSION_0X13 = 1 as Version.V0x13;

/**
 * OWASP Password Storage Cheat Sheet, Argon2id's first option: 19 MiB, 2 passes, 1 lane. Spelled out
 * rather than left to the package's defaults, so an upgrade of the package cannot weaken them
 * silently. Raising them later is safe: needsRehash tells sign-in to store a stronger hash.
 */
export const ARGON2_PARAMETERS = Object.freeze({
  algorithm: ARGON2ID,
  version: VERSION_0X13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} satisfies Options);

// The same text may reach us as different code points: "é" is one code point (U+00E9) from most
// keyboards but "e" + U+0301 from others (macOS and some mobile input methods). Hashing the NFC
// form makes both the same password, as RFC 8265's OpaqueString profile does. NFC, not NFKC, so
// look-alike compatibility characters (full-width letters, ligatures) stay distinct.
function normalize(password: string): string {
  return password.normalize('NFC');
}

/** The PHC string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") to store for a new password. */
export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_PARAMETERS);
}

/**
 * True when the password matches the stored hash. A malformed or foreign hash is false, never an
 * exception: a damaged record must not turn a sign-in into a 500 that tells it apart.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalize(password));
  } catch {
    return false;
  }
}

/**
 * True when the hash was made with weaker settings than today's (another algorithm, an older
 * version, less memory or fewer passes) or cannot be read: after a successful sign-in, store
 * hashPassword(password) in its place.
 */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== ARGON2_PARAMETERS.algorithm ||
      used.version !== ARGON2_PARAMETERS.version ||
      used.memoryCost < ARGON2_PARAMETERS.memoryCost ||
      used.timeCost < ARGON2_PARAMETERS.timeCost
    );
  } catch {
    return true;
  }
}

const phcBase64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

// A hash nobody's password matches, with today's parameters. Built from random bytes, not by
// hashing, so it costs nothing at start and can never drift from ARGON2_PARAMETERS.
export const DUMMY_HASH =
  `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},` +
  `p=${ARGON2_PARAMETERS.parallelism}$${phcBase64(randomBytes(16))}$${phcBase64(randomBytes(32))}`;

/**
 * Does the work of a real verify and always answers false. Sign-in calls it when no account has
 * the given e-mail or phone, so the answer takes as long as for a real account with a wrong
 * password and its timing does not reveal which accounts exist.
 */
export async function dummyVerify(password = ''): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}
