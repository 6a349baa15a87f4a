import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The account's own e-mail and phone, which its password must not repeat. */
export interface PasswordIdentifiers {
  email?: string | null;
  phone?: string | null;
}

/** Local parts shorter than this are matched only as the whole e-mail: "al" is in too many words. */
export const EMAIL_LOCAL_PART_MIN_LENGTH = 4;

const fold = (text: string) => text.normalize('NFC').toLowerCase();
const asciiDigits = (text: string) => text.replace(/[^0-9]/g, '');

/**
 * True when the password repeats the account's e-mail or phone. The exact rule:
 *
 * - E-mail (case-insensitive, NFC): refused when the password equals the whole e-mail, or when
 *   the e-mail's local part (before the last "@") has at least 4 code points and the password
 *   contains it. "anna.k@example.org" refuses "Anna.K2024" and "2024anna.k"; "al@example.org"
 *   refuses only "al@example.org" itself.
 * - Phone: refused when the password's digits (0–9, everything else dropped) equal the phone's
 *   digits with the country code ("+49 170 1234567" → 491701234567), its national number
 *   (1701234567), or its national number as dialled at home with a trunk prefix (01701234567).
 *   "a01701234567" is refused; "Phone491701234567x1" is not: its digits are another number.
 */
export function repeatsIdentifier(password: string, identifiers: PasswordIdentifiers): boolean {
  return repeatsEmail(password, identifiers.email) || repeatsPhone(password, identifiers.phone);
}

function repeatsEmail(password: string, email: string | null | undefined): boolean {
  const address = fold((email ?? '').trim());
  if (address === '') return false;
  const folded = fold(password);
  if (folded === address) return true;
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  return Array.from(local).length >= EMAIL_LOCAL_PART_MIN_LENGTH && folded.includes(local);
}

function repeatsPhone(password: string, phone: string | null | undefined): boolean {
  if (phone === null || phone === undefined) return false;
  const digits = asciiDigits(password);
  if (digits === '') return false;
  const forms = new Set([asciiDigits(phone)]);
  // National forms need the country; a number without "+" and a country code has only its digits.
  const parsed = parsePhoneNumberFromString(phone);
  if (parsed !== undefined) {
    forms.add(parsed.nationalNumber);
    forms.add(asciiDigits(parsed.formatNational()));
  }
  forms.delete('');
  return forms.has(digits);
}
