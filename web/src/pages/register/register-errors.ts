import { PASSWORD_MAX_LENGTH } from '@nimbus/protocol';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api';
import { weakPasswordText } from '../../account/password-problems';
import { describeError } from '../../errors';

/** The fields of the sign-up form, in the order they appear (the first with an error gets focus). */
export const FIELDS = ['callingCode', 'phone', 'email', 'region', 'birthDate', 'password', 'captcha'] as const;
export type Field = (typeof FIELDS)[number];
export type FieldErrors = Partial<Record<Field, string>>;

/**
 * A refused sign-up as errors beside the fields that caused them, and a general message for the
 * rest. `phoneCountry` names the country a refused phone number was read in.
 */
export function signUpErrors(
  t: TFunction,
  error: Error,
  phoneCountry: string,
): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  let general: string | null = null;
  if (error instanceof ApiError && error.code === 'weak_password') {
    fields.password = weakPasswordText(t, error);
  } else if (error instanceof ApiError && error.code === 'captcha_failed') {
    fields.captcha = t('captcha.failed');
  } else if (error instanceof ApiError && error.code === 'bad_request' && error.details.field === 'region') {
    fields.region = t('register.errors.regionUnknown');
  } else if (error instanceof ApiError && error.code === 'validation_failed') {
    const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
    for (const issue of issues) {
      if (issue.path === 'body.email') fields.email = t('register.errors.emailInvalid');
      else if (issue.path === 'body.phone')
        fields.phone = t('phoneRegister.errors.numberInvalid', { country: phoneCountry });
      else if (issue.path === 'body.phoneRegion') fields.callingCode = t('phoneRegister.errors.callingCodeRequired');
      else if (issue.path === 'body.region') fields.region = t('register.errors.regionRequired');
      else if (issue.path === 'body.birthDate') fields.birthDate = t('register.errors.birthDate.notReal');
      else if (issue.path === 'body.password')
        fields.password = t('password.problems.too_long', { max: PASSWORD_MAX_LENGTH });
      else general = describeError(t, error);
    }
    if (issues.length === 0) general = describeError(t, error);
  } else {
    general = describeError(t, error);
  }
  return { fields, general };
}
