import { HealthSchema, ReadinessSchema, ServerInfoSchema, type Health, type Readiness } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendJsonText } from '../../core/http/json-text.js';
import type { Services } from '../../core/services.js';

const CHECK_TIMEOUT_MS = 2_000;
/** The liveness answer, the same every time. */
const HEALTHY: Health = { status: 'ok' };

/**
 * Runs one readiness check. Why it failed goes to the log only: the answer is public, and a
 * driver's message can name hosts, users and paths.
 */
async function timed(
  name: string,
  check: () => Promise<void>,
  log: FastifyBaseLogger,
): Promise<Readiness['checks'][string]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS))),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.error({ err: error, check: name }, 'readiness check failed');
    return { status: 'failing', latencyMs: Math.round(performance.now() - started), error: 'does not answer' };
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness, readiness and what a client may know about this server before signing in. */
export function systemRoutes(services: Services): FastifyPluginAsyncZod {
  // Probes hit these every few seconds; logging each would bury the log that matters. A route's
  // level replaces the app's, so a quieter configured level must win.
  const quiet = ['fatal', 'error', 'silent'].includes(services.config.logLevel);
  const logLevel = quiet ? services.config.logLevel : 'warn';
  return (app) => {
    app.get(
      '/healthz',
      {
        logLevel,
        schema: {
          tags: ['system'],
          summary: 'The process is up',
          response: { 200: HealthSchema },
        },
      },
      (_request, reply) => {
        sendJsonText(reply, HEALTHY);
      },
    );

    app.get(
      '/readyz',
      {
        logLevel,
        schema: {
          tags: ['system'],
          summary: 'The database, blob store and bus answer',
          response: { 200: ReadinessSchema, 503: ReadinessSchema },
        },
      },
      async (request, reply) => {
        const [database, blobs, bus] = await Promise.all([
          timed('database', () => services.database.ping(), request.log),
          timed('blobs', () => services.blobs.check(), request.log),
          timed('bus', () => services.bus.ping(), request.log),
        ]);
        const checks = { database, blobs, bus };
        const ok = Object.values(checks).every((check) => check.status === 'ok');
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'failing', checks });
      },
    );

    app.get(
      '/api/v1/meta',
      {
        schema: {
          tags: ['system'],
          summary: 'Server name, version and mode',
          response: { 200: ServerInfoSchema },
        },
      },
      () => ({
        name: 'Nimbus' as const,
        version: services.version,
        mode: services.config.mode,
        publicUrl: services.config.publicUrl,
      }),
    );
    return Promise.resolve();
  };
}
