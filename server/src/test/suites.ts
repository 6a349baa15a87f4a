import fs from 'node:fs';

/**
 * Suites that need something outside Node: PostgreSQL, Redis, a browser. Each runs when its
 * variable is set and is skipped otherwise, unless NIMBUS_TEST_REQUIRE names it: then a missing
 * variable fails the run instead of skipping silently (CI requires all three).
 */
const SUITES = {
  postgres: 'NIMBUS_TEST_DATABASE_URL',
  redis: 'NIMBUS_TEST_REDIS_URL',
  browser: 'NIMBUS_TEST_CHROMIUM',
} as const;

export type Suite = keyof typeof SUITES;

/** True when the suite can run; throws when it is required but cannot. */
export function requireSuite(suite: Suite): boolean {
  const variable = SUITES[suite];
  if (process.env[variable] !== undefined && process.env[variable] !== '') return true;
  const required = (process.env.NIMBUS_TEST_REQUIRE ?? '').split(',').map((name) => name.trim());
  if (required.includes(suite) || required.includes('all')) {
    throw new Error(`the ${suite} suite is required (NIMBUS_TEST_REQUIRE) but ${variable} is not set`);
  }
  return false;
}

export function suiteValue(suite: Suite): string {
  const value = process.env[SUITES[suite]];
  if (value === undefined) throw new Error(`${SUITES[suite]} is not set`);
  return value;
}

/**
 * A program a test drives (nginx as the reverse proxy): its path, or null when it is not
 * installed and the test may be skipped. Where the browser suite is required (CI), the machine
 * is set up with every program the tests use, so a missing one fails the run instead.
 */
export function requireProgram(name: string, paths: readonly string[]): string | null {
  const found = paths.find((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found !== undefined) return found;
  const required = (process.env.NIMBUS_TEST_REQUIRE ?? '').split(',').map((entry) => entry.trim());
  if (required.includes('browser') || required.includes('all')) {
    throw new Error(
      `${name} is required (NIMBUS_TEST_REQUIRE names browser) but not installed at ${paths.join(' or ')}`,
    );
  }
  console.warn(`${name} is not installed (looked at ${paths.join(', ')}): its tests are skipped`);
  return null;
}
