import type { ErrorCode } from '@nimbus/protocol';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** "in 3 minutes" / "in 40 seconds": how long a refused action must wait. */
export function waitText(t: TFunction, seconds: number): string {
  return seconds >= 60
    ? t('errors.waitMinutes', { count: Math.ceil(seconds / 60) })
    : t('errors.waitSeconds', { count: Math.max(1, seconds) });
}

/**
 * A sentence a person understands for any failed call: the server's error code translated, never
 * its English message. Forms show field errors themselves and use this for the rest.
 */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.network');
  const { code } = error;
  if (code === 'rate_limited') {
    return error.retryAfterSeconds === null
      ? t('errors.rateLimited')
      : t('errors.rateLimitedWait', { wait: waitText(t, error.retryAfterSeconds) });
  }
  if (code === 'account_locked') {
    return t('errors.accountLocked', { count: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60)) });
  }
  if (code === 'code_budget_exhausted') {
    return t('errors.codeBudgetExhausted', {
      count: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 86_400) / 3600)),
    });
  }
  if (code === 'code_invalid') return error.details.burnt === true ? t('errors.codeBurnt') : t('errors.codeInvalid');
  const simple: Partial<Record<ErrorCode, () => string>> = {
    invalid_credentials: () => t('errors.invalidCredentials'),
    captcha_failed: () => t('errors.captchaFailed'),
    code_expired: () => t('errors.codeExpired'),
    unauthorized: () => t('errors.unauthorized'),
    token_reused: () => t('errors.unauthorized'),
    csrf_failed: () => t('errors.csrfFailed'),
    validation_failed: () => t('errors.validation'),
    bad_request: () => t('errors.validation'),
    weak_password: () => t('errors.weakPassword'),
    not_found: () => t('errors.notFound'),
    forbidden: () => t('errors.forbidden'),
    // Records over quota: an upload's own words (with sizes) are in describeUploadError.
    insufficient_storage: () => t('errors.storageFull'),
  };
  const message = code === null ? undefined : simple[code];
  if (message !== undefined) return message();
  return error.status >= 500 ? t('errors.server') : t('errors.unknown');
}

export function useDescribeError() {
  const { t } = useTranslation();
  return (error: unknown) => describeError(t, error);
}
