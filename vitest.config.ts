import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{protocol,server,client,web}/{src,test}/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests drive real servers; a stray outbound request must fail loudly, never hang.
    env: { NODE_OPTIONS: '--conditions=source' },
  },
});
