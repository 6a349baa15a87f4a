import { ERROR_CODES, type ErrorBody, type ErrorCode, type ValidationIssue } from '@nimbus/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';

/** Fastify's own failures that are the caller's fault, by Fastify error code. */
const FASTIFY_CLIENT_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

function send(reply: FastifyReply, request: FastifyRequest, status: number, body: ErrorBody['error']) {
  return reply.code(status).send({ error: { ...body, requestId: request.id } } satisfies ErrorBody);
}

function toIssues(error: FastifyError): ValidationIssue[] {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const pointer = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: pointer === '' ? where : `${where}.${pointer}`, message: issue.message ?? 'is invalid' };
  });
}

/** The one place where errors become HTTP answers, all in the shape of protocol's ErrorBody. */
export function installErrorHandling(app: FastifyInstance): void {
  // Anything can be thrown in a handler, not only FastifyErrors: every field is optional here.
  app.setErrorHandler((error: Error & Partial<FastifyError>, request, reply) => {
    if (error instanceof AppError) {
      void reply.headers(error.headers);
      return send(reply, request, error.status, { code: error.code, message: error.message, details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = toIssues(error);
      const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return send(reply, request, 400, {
        code: 'validation_failed',
        message: `The request is not valid: ${summary}`,
        details: { issues },
      });
    }
    const clientCode = typeof error.code === 'string' ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    if (clientCode === 'payload_too_large') {
      // The limit in words and in details, so a client can split what it sends.
      const limitBytes = request.routeOptions.bodyLimit;
      return send(reply, request, 413, {
        code: clientCode,
        message: `The request body is larger than the ${limitBytes} bytes this endpoint accepts.`,
        details: { limitBytes },
      });
    }
    if (clientCode !== undefined) {
      return send(reply, request, error.statusCode ?? 400, { code: clientCode, message: error.message });
    }
    // Errors of HTTP libraries (static files, ranges) that carry a client status of their own.
    const status = error.statusCode ?? 500;
    const byStatus = Object.entries(ERROR_CODES).find(([, code]) => code === status)?.[0] as ErrorCode | undefined;
    if (status >= 400 && status < 500 && byStatus !== undefined) {
      return send(reply, request, status, { code: byStatus, message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 500, { code: 'internal', message: 'Something went wrong on our side.' });
  });
}

/** The answer for a route that does not exist. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, request, 404, {
    code: 'not_found',
    message: `There is no ${request.method} ${request.url.split('?')[0] ?? ''} here.`,
  });
}
