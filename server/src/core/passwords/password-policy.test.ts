import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords.js';
import { repeatsIdentifier } from './identifiers.js';
import { PasswordPolicy } from './password-policy.js';
import { PwnedPasswordsChecker } from './pwned-passwords.js';
import { capturingLog, paddedRange, sha1Parts, startRangeReceiver } from './pwned-range.fixture.js';

const ANNA = { email: 'anna.k@example.org', phone: '+49 170 1234567' };

describe('isCommonPassword', () => {
  it('finds common passwords whatever their case', () => {
    expect(isCommonPassword('password1')).toBe(true);
    expect(isCommonPassword('Qwerty123')).toBe(true);
    expect(isCommonPassword('QWERTY123')).toBe(true);
    expect(isCommonPassword('Tundra-Lantern-47')).toBe(false);
  });
});

describe('repeatsIdentifier', () => {
  it('refuses the whole e-mail, case-insensitively', () => {
    expect(repeatsIdentifier('Anna.K@Example.org', ANNA)).toBe(true);
  });

  it('refuses a password containing a local part of 4 or more characters', () => {
    expect(repeatsIdentifier('Anna.K2024', ANNA)).toBe(true);
    expect(repeatsIdentifier('2024anna.k!', ANNA)).toBe(true);
    expect(repeatsIdentifier('Anna2024', ANNA)).toBe(false); // "anna" is not the local part "anna.k"
  });

  it('matches short local parts only as the whole e-mail', () => {
    const al = { email: 'al@example.org' };
    expect(repeatsIdentifier('Alpine-2024', al)).toBe(false);
    expect(repeatsIdentifier('al@example.org', al)).toBe(true);
    // Exactly 4 code points is long enough.
    expect(repeatsIdentifier('Xmira-9', { email: 'mira@example.org' })).toBe(true);
  });

  it("refuses a password whose digits are the phone's, with or without country code or trunk prefix", () => {
    expect(repeatsIdentifier('+491701234567', ANNA)).toBe(true);
    expect(repeatsIdentifier('Tel491701234567', ANNA)).toBe(true);
    expect(repeatsIdentifier('1701234567a', ANNA)).toBe(true); // national number
    expect(repeatsIdentifier('a0170-1234567', ANNA)).toBe(true); // as dialled in Germany
    expect(repeatsIdentifier('a01701234567x9', ANNA)).toBe(false); // its digits are another number
    expect(repeatsIdentifier('a1234567', ANNA)).toBe(false); // a part of the number is not the number
    expect(repeatsIdentifier('Moscow89161234567', { phone: '+79161234567' })).toBe(true); // trunk prefix 8
  });

  it('ignores identifiers that are missing', () => {
    expect(repeatsIdentifier('Anna.K2024', {})).toBe(false);
    expect(repeatsIdentifier('Anna.K2024', { email: null, phone: null })).toBe(false);
    expect(repeatsIdentifier('Anna.K2024', { email: '  ', phone: '' })).toBe(false);
  });
});

describe('PasswordPolicy', () => {
  const breachedOnly = 'Tundra-Lantern-47';
  let receiver: Awaited<ReturnType<typeof startRangeReceiver>>;
  let policy: PasswordPolicy;

  beforeAll(async () => {
    const { prefix, suffix } = sha1Parts(breachedOnly);
    receiver = await startRangeReceiver((path) => ({
      status: 200,
      body: paddedRange(path === `/range/${prefix}` ? [{ suffix, count: 7 }] : []),
    }));
    policy = new PasswordPolicy({ pwned: new PwnedPasswordsChecker({ url: receiver.url, log: capturingLog().log }) });
  });
  afterAll(() => receiver.close());

  it('accepts a password that meets every rule', async () => {
    expect(await policy.check('Orchid-2024', ANNA)).toEqual([]);
    expect(await new PasswordPolicy().check(breachedOnly, ANNA)).toEqual([]);
  });

  it.each([
    ['too_short', 'zq7Kx9m'],
    ['too_long', 'a'.repeat(128) + '1'],
    ['needs_letter', '8392-0571-!?'],
    ['needs_digit', 'Zebra-Quilt-Mango'],
    ['too_common', 'Qwerty123'],
    ['same_as_identifier', 'Anna.K2024'],
    ['breached', breachedOnly],
  ])('reports %s for a password that fails only that rule', async (problem, password) => {
    expect(await policy.check(password, ANNA)).toEqual([problem]);
  });

  it('reports every problem at once, in a stable order, and skips the network when already refused', async () => {
    receiver.requests.length = 0;
    expect(await policy.check('password', ANNA)).toEqual(['needs_digit', 'too_common']);
    expect(await policy.check('anna.k', ANNA)).toEqual(['too_short', 'needs_digit', 'same_as_identifier']);
    expect(await policy.check('', {})).toEqual(['too_short', 'needs_letter', 'needs_digit']);
    expect(receiver.requests).toEqual([]);
  });
});
