import Fastify from 'fastify';
import { withProductionApp, type Bench } from './bench.js';
import { alternate } from './load.js';

const ROUNDS = 2;
const SECONDS = 10;

/**
 * GET /healthz through the whole Nimbus app (request ids, security headers, schema-checked
 * responses, the portal and job runner registered, the logger configured as in production, where
 * probes are not logged) against a bare Fastify app answering the same JSON. Rounds alternate so
 * drift on a noisy machine hits both alike.
 */
const healthBench: Bench = async () => {
  const bare = Fastify({ logger: false });
  bare.get('/healthz', () => ({ status: 'ok' }));
  return withProductionApp(
    {},
    async (nimbus) => {
      const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
      const nimbusUrl = await nimbus.listen({ host: '127.0.0.1', port: 0 });
      const measured = await alternate(
        { bare: { url: `${bareUrl}/healthz` }, nimbus: { url: `${nimbusUrl}/healthz` } },
        ROUNDS,
        SECONDS,
      );
      return {
        name: 'GET /healthz',
        question: `Requests per second of GET /healthz through the full Nimbus app vs a bare Fastify app answering the same JSON (autocannon, 50 connections, ${ROUNDS}×${SECONDS} s each, alternating).`,
        rows: [
          ['bare Fastify, requests/s', measured.bare.requestsPerSecond.toFixed(0)],
          ['Nimbus, requests/s', measured.nimbus.requestsPerSecond.toFixed(0)],
          ['bare Fastify, p50 / p99 latency (ms)', measured.bare.latency],
          ['Nimbus, p50 / p99 latency (ms)', measured.nimbus.latency],
        ],
        ratio: {
          label: 'Nimbus / bare Fastify throughput',
          value: measured.nimbus.requestsPerSecond / measured.bare.requestsPerSecond,
        },
      };
    },
    bare,
  );
};

export default healthBench;
