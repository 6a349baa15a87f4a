import { ERROR_CODES, type ErrorCode } from '@nimbus/protocol';

/**
 * An error the API answers with on purpose: a stable code, a message a person can read, and
 * optional details. Anything else that escapes a handler is a bug and is answered 500.
 */
export class AppError extends Error {
  readonly status: number;
  /** Extra headers, such as Retry-After for rate_limited. */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
    this.headers = headers;
  }
}

export const notFound = (message = 'Nothing is here.') => new AppError('not_found', message);
export const badRequest = (message: string, details?: unknown) => new AppError('bad_request', message, details);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const unauthorized = (message = 'Sign in first.') => new AppError('unauthorized', message);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts. Try again later.') =>
  new AppError('rate_limited', message, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
