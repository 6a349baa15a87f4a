import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { describeError } from './errors';
import { en, ru } from './locales/index';

const i18n = createInstance();
await i18n.init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: 'en',
  initAsync: false,
  showSupportNotice: false,
});

const apiError = (status: number, code: string, details?: unknown, retryAfter: number | null = null) =>
  new ApiError(status, { code: code as never, message: 'English from the server', details }, retryAfter);

describe('describeError', () => {
  const t = i18n.getFixedT('en');

  it('translates error codes, never showing the server’s English message', () => {
    expect(describeError(t, apiError(401, 'invalid_credentials', { captchaRequired: false }))).toBe(
      en.errors.invalidCredentials,
    );
    expect(describeError(t, apiError(400, 'code_invalid', { burnt: true }))).toBe(en.errors.codeBurnt);
    expect(describeError(t, apiError(400, 'code_invalid', { burnt: false }))).toBe(en.errors.codeInvalid);
    expect(describeError(t, apiError(503, 'service_unavailable'))).toBe(en.errors.server);
    expect(describeError(t, new TypeError('Failed to fetch'))).toBe(en.errors.network);
    // A record the account's quota has no room for (507): why, and what to do, not "server error".
    expect(describeError(t, apiError(507, 'insufficient_storage', { freeBytes: 0 }))).toBe(en.errors.storageFull);
  });

  it('says how long to wait, in minutes or seconds, with the right plural', () => {
    expect(describeError(t, apiError(429, 'account_locked', {}, 900))).toBe(
      'Too many wrong passwords. Signing in to this account is locked for 15 more minutes.',
    );
    expect(describeError(t, apiError(429, 'rate_limited', {}, 42))).toBe('Too many attempts. Try again in 42 seconds.');
    const russian = i18n.getFixedT('ru');
    expect(describeError(russian, apiError(429, 'account_locked', {}, 120))).toBe(
      'Слишком много неверных паролей. Вход в аккаунт заблокирован ещё на 2 минуты.',
    );
    expect(describeError(russian, apiError(429, 'rate_limited', {}, 3000))).toBe(
      'Слишком много попыток. Попробуйте снова через 50 минут.',
    );
  });

  it('sends the owner to "Forgot password" once the day\u2019s sign-in codes are used up, or says how long to wait', () => {
    expect(describeError(t, apiError(429, 'code_budget_exhausted', {}, 5 * 3600 + 10))).toBe(
      'Too many sign-in codes were sent or mistyped for this account today. To sign in now, reset your password with “Forgot password”, or try again in 6 hours.',
    );
    expect(describeError(i18n.getFixedT('ru'), apiError(429, 'code_budget_exhausted', {}, 3600))).toContain(
      '«Забыли пароль?» или попробуйте снова через 1 час.',
    );
  });
});
