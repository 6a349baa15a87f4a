import { AppError } from '../../core/errors.js';

/** The refusals several account services make alike: one wording, one code, wherever they are made. */

export function captchaFailed(): AppError {
  return new AppError('captcha_failed', 'The captcha was not solved. Solve the new one and try again.');
}

export function weakPassword(problems: string[]): AppError {
  return new AppError('weak_password', 'Choose a stronger password.', { problems });
}
