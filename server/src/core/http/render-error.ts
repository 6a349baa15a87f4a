import { ERROR_CODES, type ErrorBody, type ErrorCode, type ValidationIssue } from '@nimbus/protocol';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

/** Fastify's own failures that are the caller's fault, by Fastify error code. */
const FASTIFY_CLIENT_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

/** An error as an HTTP answer: its status, extra headers and the one body shape of protocol's ErrorBody. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
  /** Not a refusal but a bug (answered 500 without internals): the caller logs it. */
  unexpected: boolean;
}

export interface RenderContext {
  requestId: string;
  /** The body limit of the route, named in a 413. */
  bodyLimit?: number;
}

/**
 * The one place where anything thrown becomes an HTTP answer: for Fastify's error handler, for
 * requests Fastify cannot route, and for tus's hooks. A thrown AppError says what it is; Fastify's
 * and HTTP libraries' client errors are mapped to their codes; anything else is a 500.
 */
export function renderError(error: unknown, context: RenderContext): RenderedError {
  const answer = (
    status: number,
    body: Omit<ErrorBody['error'], 'requestId'>,
    headers: Record<string, string> = {},
  ) => ({
    status,
    headers,
    body: { error: { ...body, requestId: context.requestId } },
    unexpected: false,
  });
  if (error instanceof AppError) {
    const retryAfter = retryAfterOf(error);
    return answer(
      error.status,
      { code: error.code, message: error.message, details: error.details },
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    );
  }
  const fastifyError = (error instanceof Error ? error : new Error(String(error))) as Error & Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issues = toIssues(fastifyError);
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return answer(400, {
      code: 'validation_failed',
      message: `The request is not valid: ${summary}`,
      details: { issues },
    });
  }
  const clientCode = typeof fastifyError.code === 'string' ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
  if (clientCode === 'payload_too_large') {
    // The limit in words and in details, so a client can split what it sends.
    const limitBytes = context.bodyLimit;
    return answer(413, {
      code: clientCode,
      message: `The request body is larger than the ${limitBytes ?? 'allowed number of'} bytes this endpoint accepts.`,
      details: { limitBytes },
    });
  }
  if (clientCode !== undefined) {
    return answer(fastifyError.statusCode ?? 400, { code: clientCode, message: fastifyError.message });
  }
  // Errors of HTTP libraries (static files, ranges) that carry a client status of their own.
  const status = fastifyError.statusCode ?? 500;
  const byStatus = Object.entries(ERROR_CODES).find(([, code]) => code === status)?.[0] as ErrorCode | undefined;
  if (status >= 400 && status < 500 && byStatus !== undefined) {
    return answer(status, { code: byStatus, message: fastifyError.message });
  }
  return { ...answer(500, { code: 'internal', message: 'Something went wrong on our side.' }), unexpected: true };
}

/** When to try again, for every refusal that says (rate limits, locks, a busy account). */
function retryAfterOf(error: AppError): number | undefined {
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

function toIssues(error: FastifyError): ValidationIssue[] {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const pointer = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: pointer === '' ? where : `${where}.${pointer}`, message: issue.message ?? 'is invalid' };
  });
}
