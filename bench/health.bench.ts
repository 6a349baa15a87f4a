import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { buildApp, loadConfig } from '@nimbus/server';
import type { Bench } from './bench.js';
import { load, type LoadResult } from './load.js';

const ROUNDS = 2;
const SECONDS = 10;

/**
 * GET /healthz through the whole Nimbus app (request ids, security headers, schema-checked
 * responses, the portal and job runner registered, the logger configured as in production, where
 * probes are not logged) against a bare Fastify app answering the same JSON. Rounds alternate so
 * drift on a noisy machine hits both alike.
 */
const healthBench: Bench = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-'));
  const bare = Fastify({ logger: false });
  bare.get('/healthz', () => ({ status: 'ok' }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const logStream = pino.destination({ dest: path.join(dir, 'nimbus.log'), sync: false });
  const config = loadConfig({ NIMBUS_DATA_DIR: dir, NIMBUS_LOG_LEVEL: 'info', NIMBUS_PORT: '0' });
  const nimbus = await buildApp(config, { logStream });
  const nimbusUrl = await nimbus.listen({ host: '127.0.0.1', port: 0 });

  const runs: { bare: LoadResult[]; nimbus: LoadResult[] } = { bare: [], nimbus: [] };
  try {
    await load(`${bareUrl}/healthz`, { seconds: 2 });
    await load(`${nimbusUrl}/healthz`, { seconds: 2 });
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await load(`${bareUrl}/healthz`, { seconds: SECONDS }));
      runs.nimbus.push(await load(`${nimbusUrl}/healthz`, { seconds: SECONDS }));
    }
  } finally {
    await bare.close();
    await nimbus.close();
    logStream.flushSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const mean = (results: LoadResult[], pick: (result: LoadResult) => number) =>
    results.reduce((sum, result) => sum + pick(result), 0) / results.length;
  const failures = [...runs.bare, ...runs.nimbus].reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  if (failures > 0) throw new Error(`${failures} requests failed during the benchmark`);
  const bareRps = mean(runs.bare, (result) => result.requestsPerSecond);
  const nimbusRps = mean(runs.nimbus, (result) => result.requestsPerSecond);
  return {
    name: 'GET /healthz',
    question: `Requests per second of GET /healthz through the full Nimbus app vs a bare Fastify app answering the same JSON (autocannon, 50 connections, ${ROUNDS}×${SECONDS} s each, alternating).`,
    rows: [
      ['bare Fastify, requests/s', bareRps.toFixed(0)],
      ['Nimbus, requests/s', nimbusRps.toFixed(0)],
      [
        'bare Fastify, p50 / p99 latency (ms)',
        `${mean(runs.bare, (r) => r.latencyP50Ms)} / ${mean(runs.bare, (r) => r.latencyP99Ms)}`,
      ],
      [
        'Nimbus, p50 / p99 latency (ms)',
        `${mean(runs.nimbus, (r) => r.latencyP50Ms)} / ${mean(runs.nimbus, (r) => r.latencyP99Ms)}`,
      ],
    ],
    ratio: { label: 'Nimbus / bare Fastify throughput', value: nimbusRps / bareRps },
  };
};

export default healthBench;
