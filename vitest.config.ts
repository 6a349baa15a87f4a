import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Refuses every connection to a host that is not loopback, in the test workers and their children. */
const noNetwork = fileURLToPath(new URL('./server/src/test/no-network.mjs', import.meta.url));

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{protocol,server,client,web}/{src,test}/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: [noNetwork],
    // Child processes started by tests (CLI, crash fixtures) resolve workspace packages to their
    // sources too, and reach no network either.
    env: { NODE_OPTIONS: `--conditions=source --import ${JSON.stringify(noNetwork)}` },
  },
});
