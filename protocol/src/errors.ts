import { z } from 'zod';

/**
 * Stable machine codes of every API error. Clients branch on these, never on messages, so a code
 * is never renamed or reused once published; new failures get new codes.
 */
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  captcha_failed: 400,
  code_invalid: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  token_reused: 401,
  forbidden: 403,
  category_disabled: 403,
  not_a_device: 403,
  /** Managing the account (sessions, password, contacts, deletion, other devices, sync switches): the portal's. */
  portal_only: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  cursor_expired: 410,
  code_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  unprocessable: 422,
  checksum_mismatch: 422,
  weak_password: 422,
  rate_limited: 429,
  account_locked: 429,
  code_budget_exhausted: 429,
  internal: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/** One problem with one field of a request, as reported by validation. */
export const ValidationIssueSchema = z.object({
  path: z.string().describe('Where in the request: "body.email", "query.limit", …'),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/** The one shape of every error answer of the API. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
