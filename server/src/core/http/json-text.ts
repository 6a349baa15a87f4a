import type { FastifyReply } from 'fastify';

/**
 * Sends `value` as JSON text, which Fastify passes on as it is instead of checking it against the
 * route's zod response schema first. Only for answers a presenter built from stored rows the
 * server validated when they were written (a record, a page of media items), or constants (the
 * liveness probe): there the check adds nothing but its cost, which on a page of 200 items or on a
 * category union is most of the request's, and on a probe a fifth of it. The response schema still documents the shape, and the tests read answers through it.
 */
/** Callers state the answer's type with `satisfies`. */
export function sendJsonText<Reply extends FastifyReply>(reply: Reply, value: unknown): Reply {
  void reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
  return reply;
}
