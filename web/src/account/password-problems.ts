import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_PROBLEMS, type PasswordProblem } from '@nimbus/protocol';
import type { TFunction } from 'i18next';
import type { ApiError } from '../api';

function isPasswordProblem(value: unknown): value is PasswordProblem {
  return PASSWORD_PROBLEMS.some((problem) => problem === value);
}

/**
 * Every rule a weak_password answer says the new password breaks, as one text for its field: the
 * same words at sign-up, recovery and password change.
 */
export function weakPasswordText(t: TFunction, error: ApiError): string {
  const problems = Array.isArray(error.details.problems) ? error.details.problems.filter(isPasswordProblem) : [];
  if (problems.length === 0) return t('errors.weakPassword');
  const limits = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  return problems.map((problem) => t(`password.problems.${problem}`, limits)).join(' ');
}
