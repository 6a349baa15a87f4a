import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { renderError } from './render-error.js';

/** Answers `error` for `request` through the one renderer; a bug is logged with the request id. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const rendered = renderError(error, { requestId: request.id, bodyLimit: request.routeOptions.bodyLimit });
  if (rendered.unexpected) request.log.error({ err: error }, 'unhandled error');
  return reply.code(rendered.status).headers(rendered.headers).send(rendered.body);
}

/** Every error a route throws becomes an answer in the shape of protocol's ErrorBody. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
}

/** The answer for a route that does not exist. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '';
  return sendError(new AppError('not_found', `There is no ${request.method} ${path} here.`), request, reply);
}
