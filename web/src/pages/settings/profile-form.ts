import type { Account, Locale, UpdateProfileRequest } from '@nimbus/protocol';
import { toIsoDate, type DateParts } from '../../account/birth-date';
import { isRegionCode } from '../../account/regions';

/** The server's limit on a display name, in UTF-16 units as zod counts them. */
export const DISPLAY_NAME_MAX_LENGTH = 64;

/** The profile as its form holds it: text and select values, not yet checked. */
export interface ProfileForm {
  displayName: string;
  region: string | null;
  locale: Locale;
  birthDate: DateParts;
}

export type ProfileField = 'displayName' | 'region' | 'birthDate';

/** Why a field cannot be saved, as a key for the page to translate. */
export type ProfileProblem =
  | { field: 'displayName'; problem: 'tooLong' | 'controlCharacters' }
  | { field: 'region'; problem: 'required' }
  | { field: 'birthDate'; problem: 'incomplete' | 'notReal' | 'future' };

/** "1990-03-04" as the birth-date selects hold it: numbers without leading zeros. */
export function birthDateParts(isoDate: string): DateParts {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: String(Number(year)) };
}

export function formFromAccount(account: Account): ProfileForm {
  return {
    displayName: account.displayName ?? '',
    region: account.region,
    locale: account.locale,
    birthDate: birthDateParts(account.birthDate),
  };
}

/**
 * What saving the form would change: only the fields that differ from the account, so an
 * unchanged form sends nothing. An empty name clears it; the server trims, and so do we first.
 */
export function profileChanges(
  account: Account,
  form: ProfileForm,
  today = new Date(),
): { changes: UpdateProfileRequest } | { problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  const name = form.displayName.trim();
  if (name.length > DISPLAY_NAME_MAX_LENGTH) problems.push({ field: 'displayName', problem: 'tooLong' });
  else if (/\p{Cc}/u.test(name)) problems.push({ field: 'displayName', problem: 'controlCharacters' });
  if (form.region === null || !isRegionCode(form.region)) problems.push({ field: 'region', problem: 'required' });
  const birthDate = toIsoDate(form.birthDate, today);
  if ('problem' in birthDate) problems.push({ field: 'birthDate', problem: birthDate.problem });
  if (problems.length > 0 || !('date' in birthDate) || form.region === null) return { problems };

  const displayName = name === '' ? null : name;
  const changes: UpdateProfileRequest = {};
  if (displayName !== account.displayName) changes.displayName = displayName;
  if (form.region !== account.region) changes.region = form.region;
  if (form.locale !== account.locale) changes.locale = form.locale;
  if (birthDate.date !== account.birthDate) changes.birthDate = birthDate.date;
  return { changes };
}
