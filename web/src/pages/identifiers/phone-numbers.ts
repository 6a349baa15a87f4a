import {
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/mobile';
import examples from 'libphonenumber-js/mobile/examples';
import { REGION_CODES } from '../../account/regions';

// The "mobile" metadata, as the phone sign-up uses (one copy in the bundle): the code for a new
// number comes by SMS, so only a number that can be a mobile one is accepted.

/** "+49" for "DE". */
export function callingCode(region: string): string {
  return `+${getCountryCallingCode(region as CountryCode)}`;
}

/** Every region as a calling-code option, "Germany (+49)", sorted by name in the portal's language. */
export function callingCodeOptions(language: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  const collator = new Intl.Collator(language);
  return REGION_CODES.map((region) => ({ region, name: names.of(region) ?? region }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ region, name }) => ({ value: region, label: `${name} (${callingCode(region)})` }));
}

/**
 * The E.164 form of a number typed in `region` ("0151 23456789" in DE → "+4915123456789"), or
 * null when it is not a valid number there. A number typed with its own "+" keeps its own country.
 */
export function toE164(typed: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(typed, region as CountryCode);
  return parsed?.isValid() === true ? parsed.number : null;
}

/** "+4915123456789" → "+49 1512 3456789": how the owner's own number is shown to them. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** The region a stored number belongs to, to preselect its calling code when it is changed. */
export function regionOfPhone(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/** A mobile number of the region as it is written there, "01512 3456789": the field's example. */
export function exampleNumber(region: string): string | undefined {
  return getExampleNumber(region as CountryCode, examples)?.formatNational();
}
