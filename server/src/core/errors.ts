import { ERROR_CODES, type ErrorCode } from '@nimbus/protocol';

/**
 * A refusal Nimbus makes on purpose, in no protocol's terms: a stable code (protocol's error
 * table), a message a person can read, and optional details. Transports render it (see
 * core/http/render-error.ts: JSON for the API and tus; DAV will render XML). Anything else that
 * escapes is a bug and is answered 500.
 */
export class AppError extends Error {
  /** The HTTP status the code means; kept here because every transport so far speaks HTTP. */
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (message = 'Nothing is here.') => new AppError('not_found', message);
export const badRequest = (message: string, details?: unknown) => new AppError('bad_request', message, details);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const unauthorized = (message = 'Sign in first.') => new AppError('unauthorized', message);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts. Try again later.') =>
  new AppError('rate_limited', message, { retryAfterSeconds });
