// Runs every test suite once and ends with the one line CI reads: "N passed, N failed, N skipped".
// Suites that need PostgreSQL, Redis or Chromium run when their variable is set (see README).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const SUITES = [
  ['PostgreSQL', 'NIMBUS_TEST_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres'],
  ['Redis', 'NIMBUS_TEST_REDIS_URL', 'redis://127.0.0.1:6379'],
  ['browser', 'NIMBUS_TEST_CHROMIUM', '/usr/bin/chromium'],
];
for (const [name, variable, example] of SUITES) {
  if (!process.env[variable]) {
    process.stdout.write(`note: the ${name} suite is skipped; set ${variable} (e.g. ${example}) to run it\n`);
  }
}

// The reverse-proxy tests run the README's nginx example; they need nginx (and openssl) installed.
for (const [program, path] of [
  ['nginx', '/usr/sbin/nginx'],
  ['openssl', '/usr/bin/openssl'],
]) {
  if (!fs.existsSync(path)) {
    process.stdout.write(
      `note: the reverse-proxy tests are skipped; install ${program} (Debian: apt-get install ${program})\n`,
    );
  }
}

const report = 'test-results/vitest.json';
fs.rmSync(report, { force: true });
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
try {
  summary = JSON.parse(fs.readFileSync(report, 'utf8'));
} catch {
  summary.numFailedTests = 1; // the runner died before it could report: that is a failure
}
const failed = summary.numFailedTests + (result.status !== 0 && summary.numFailedTests === 0 ? 1 : 0);
process.stdout.write(
  `\n${summary.numPassedTests} passed, ${failed} failed, ${summary.numPendingTests + summary.numTodoTests} skipped\n`,
);
process.exit(result.status ?? 1);
