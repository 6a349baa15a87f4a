import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp, loadConfig } from '@nimbus/server';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

/** What one benchmark reports: its measurements and the ratio against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  /** What is compared with what, in one sentence. */
  question: string;
  /** Markdown table rows: label → value. */
  rows: [string, string][];
  ratio: { label: string; value: number };
}

export type Bench = () => Promise<BenchResult>;

export const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Runs `work` against a whole Nimbus on a fresh SQLite data folder (captcha off, no job runner), then removes it. */
export async function withBenchApp<T>(work: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-'));
  const config = loadConfig({
    NIMBUS_DATA_DIR: dir,
    NIMBUS_LOG_LEVEL: 'warn',
    NIMBUS_PORT: '0',
    NIMBUS_CAPTCHA: 'off',
  });
  const app = await buildApp(config, { runJobs: false });
  try {
    return await work(app);
  } finally {
    await app.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A whole Nimbus on a fresh SQLite data folder configured as in production (the job runner on, the
 * logger at info into a file), with `bare` (a baseline app, when there is one) closed alongside it.
 */
export async function withProductionApp<T>(
  env: Record<string, string>,
  work: (app: FastifyInstance) => Promise<T>,
  bare?: FastifyInstance,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-'));
  const logStream = pino.destination({ dest: path.join(dir, 'nimbus.log'), sync: false });
  const config = loadConfig({ NIMBUS_DATA_DIR: dir, NIMBUS_LOG_LEVEL: 'info', NIMBUS_PORT: '0', ...env });
  const app = await buildApp(config, { logStream });
  try {
    return await work(app);
  } finally {
    await bare?.close();
    await app.close();
    logStream.flushSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
