import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { REGION_CODES } from './regions';

// One metadata set for the whole portal, the "mobile" one: a new number (sign-up, a new phone for
// the account) gets its code by SMS, so a number is only accepted when it can be a mobile one and
// a landline is refused before the server spends an SMS on it.

export interface CallingCodeOption {
  /** The country, ISO 3166-1 alpha-2: it says how a national number is read. */
  value: string;
  /** "Russia +7": what the select shows and what typing in it searches. */
  label: string;
  name: string;
  callingCode: string;
}

/** "+7" for RU; null for a code the phone-number library does not know. */
export function callingCodeOf(country: string): string | null {
  return isSupportedCountry(country) ? `+${getCountryCallingCode(country)}` : null;
}

/** Every country with its calling code, named and sorted in `language`. */
export function callingCodeOptions(language: string): CallingCodeOption[] {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  const collator = new Intl.Collator(language);
  return REGION_CODES.flatMap((country) => {
    const callingCode = callingCodeOf(country);
    if (callingCode === null) return [];
    const name = names.of(country) ?? country;
    return [{ value: country, label: `${name} ${callingCode}`, name, callingCode }];
  }).sort((a, b) => collator.compare(a.name, b.name));
}

export interface ReadPhone {
  /** +79161234567: what the server is sent. */
  e164: string;
  /** The country the number belongs to, which may differ from the one chosen ("+49…" typed in RU). */
  country: string | null;
  /**
   * The number as it follows its calling code, grouped the usual way ("1512 3456789" after +49):
   * shown beside the code, so no trunk prefix ("0151…").
   */
  national: string;
}

/**
 * A number typed nationally in `country`, or internationally with "+"; null when it cannot be a
 * mobile number there.
 */
export function readPhone(typed: string, country: string): ReadPhone | null {
  if (!isSupportedCountry(country) || typed.trim() === '') return null;
  const parsed = parsePhoneNumberFromString(typed, country);
  if (parsed?.isValid() !== true) return null;
  const national = parsed.formatInternational().slice(`+${parsed.countryCallingCode}`.length).trim();
  return { e164: parsed.number, country: parsed.country ?? null, national };
}

/** The country a stored number belongs to, to preselect its calling code when it is replaced. */
export function countryOfPhone(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/**
 * "+49 1512 3456789": a stored number as a person reads it, kept on one line (no-break spaces);
 * what the library cannot read is shown as it is.
 */
export function formatInternational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed === undefined ? e164 : parsed.formatInternational().replace(/ /g, '\u00a0');
}
