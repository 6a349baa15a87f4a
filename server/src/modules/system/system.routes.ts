import { HealthSchema, ReadinessSchema, ServerInfoSchema, type Readiness } from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../core/services.js';

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<void>): Promise<Readiness['checks'][string]> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failing', latencyMs: Math.round(performance.now() - started), error: message };
  }
}

/** Liveness, readiness and what a client may know about this server before signing in. */
export function systemRoutes(services: Services): FastifyPluginAsyncZod {
  return (app) => {
    // Probes hit these every few seconds; logging each would bury the log that matters.
    app.get(
      '/healthz',
      {
        logLevel: 'warn',
        schema: {
          tags: ['system'],
          summary: 'The process is up',
          response: { 200: HealthSchema },
        },
      },
      () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        logLevel: 'warn',
        schema: {
          tags: ['system'],
          summary: 'The database, blob store and bus answer',
          response: { 200: ReadinessSchema, 503: ReadinessSchema },
        },
      },
      async (_request, reply) => {
        const [database, blobs, bus] = await Promise.all([
          timed(() => services.database.ping()),
          timed(() => services.blobs.check()),
          timed(() => services.bus.ping()),
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
