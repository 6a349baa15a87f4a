import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{protocol,server,client,web}/{src,test}/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes started by tests (CLI, crash fixtures) resolve workspace packages to their sources too.
    env: { NODE_OPTIONS: '--conditions=source' },
  },
});
