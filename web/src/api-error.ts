import type { ErrorBody, ErrorCode } from '@nimbus/protocol';

/** A failed API call, carrying the server's { error: { code, message, details } } when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly error: ErrorBody['error'] | null,
    /** From the Retry-After header of a 429 (or 503): seconds until asking again may work. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(error?.message ?? `The server answered HTTP ${status}`);
  }

  get code(): ErrorCode | null {
    return this.error?.code ?? null;
  }

  /** The error's details when they are an object, so their fields can be read one by one. */
  get details(): Record<string, unknown> {
    const details = this.error?.details;
    return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};
  }
}
