import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMETERS,
  DUMMY_HASH,
  dummyVerify,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './password-hasher.js';

describe('password hashing', () => {
  it('stores Argon2id with OWASP parameters and verifies the round trip', async () => {
    const stored = await hashPassword('Orchid-2024');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(stored, 'Orchid-2024')).toBe(true);
    expect(await verifyPassword(stored, 'orchid-2024')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts: the same password never gives the same hash', async () => {
    expect(await hashPassword('Orchid-2024')).not.toBe(await hashPassword('Orchid-2024'));
  });

  it('answers false, never throws, for a malformed hash', async () => {
    for (const malformed of ['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', '$2b$10$abcdefghijk']) {
      expect(await verifyPassword(malformed, 'Orchid-2024')).toBe(false);
      expect(needsRehash(malformed)).toBe(true);
    }
  });

  it('treats the composed and decomposed forms of "é" as the same password', async () => {
    const composed = 'caf\u00e9-2024'; // é as one code point, U+00E9
    const decomposed = 'cafe\u0301-2024'; // e followed by the combining acute accent U+0301
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
    expect(await verifyPassword(await hashPassword(decomposed), composed)).toBe(true);
  });

  it('asks for a rehash of hashes made with weaker parameters', async () => {
    const weaker = await hash('Orchid-2024', { ...ARGON2_PARAMETERS, timeCost: 1 });
    expect(weaker.startsWith('$argon2id$v=19$m=19456,t=1,p=1$')).toBe(true);
    expect(await verifyPassword(weaker, 'Orchid-2024')).toBe(true);
    expect(needsRehash(weaker)).toBe(true);
    expect(needsRehash(await hash('Orchid-2024', { ...ARGON2_PARAMETERS, memoryCost: 8192 }))).toBe(true);
    // Argon2i (1) is another algorithm: rehashed as Argon2id.
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43))).toBe(true);
  });

  it("verifies against a hash of today's parameters on an unknown account, so it costs what a real verify costs", async () => {
    // Cost follows from the parameters, not from a stopwatch (timing belongs in bench/, not here).
    expect(DUMMY_HASH.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(await dummyVerify('wrong-guess-1')).toBe(false);
  });
});
