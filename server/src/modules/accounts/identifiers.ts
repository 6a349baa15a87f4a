import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type Login =
  { kind: 'email'; value: string } | { kind: 'phone'; value: string } | { kind: 'number'; value: string };

/** Account numbers are 10 digits; anything with an @ is an e-mail; the rest may be a phone number. */
const ACCOUNT_NUMBER = /^\d{10}$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The E.164 form of a phone number typed in `region`, or null when it is not a valid number. */
export function normalizePhone(phone: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, region as CountryCode);
  return parsed?.isValid() === true ? parsed.number : null;
}

/**
 * What a sign-in "login" field names. A phone number must be written internationally (+7…) here:
 * without a region to read it in, a national number is ambiguous.
 */
export function classifyLogin(login: string): Login | null {
  const trimmed = login.trim();
  if (trimmed.includes('@')) return { kind: 'email', value: normalizeEmail(trimmed) };
  const compact = trimmed.replace(/[\s-]/g, '');
  if (ACCOUNT_NUMBER.test(compact)) return { kind: 'number', value: compact };
  const phone = parsePhoneNumberFromString(trimmed);
  return phone?.isValid() === true ? { kind: 'phone', value: phone.number } : null;
}

/** "an***@example.org": enough for the owner to recognise, too little for anyone else. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}***@${domain}`;
}

/** "+7 *** *** **67" */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const international = parsed?.formatInternational() ?? e164;
  const digitsToShow = 2;
  let seen = 0;
  const total = international.replace(/\D/g, '').length;
  const country = parsed?.countryCallingCode.length ?? 0;
  return international.replace(/\d/g, (digit) => {
    seen++;
    return seen <= country || seen > total - digitsToShow ? digit : '*';
  });
}

/** A country or region libphonenumber knows: the same list the phone sign-up offers. */
export function isKnownRegion(region: string): boolean {
  return isSupportedCountry(region);
}
