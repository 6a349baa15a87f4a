import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestDatabase } from './databases.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions extends AppOptions {
  dialect?: 'sqlite' | 'postgres';
  /** Extra NIMBUS_* variables. */
  env?: Record<string, string>;
}

/** A whole Nimbus on a fresh database and data folder of its own; close() removes both. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-test-data-'));
  const config = loadConfig({
    NIMBUS_DATA_DIR: dataDir,
    NIMBUS_DATABASE_URL: database.config.url,
    NIMBUS_LOG_LEVEL: process.env.NIMBUS_TEST_LOG ?? 'silent',
    NIMBUS_PORT: '0',
    ...options.env,
  });
  const app = await buildApp(config, options);
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      await database.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the test app on an ephemeral port of 127.0.0.1 and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}
