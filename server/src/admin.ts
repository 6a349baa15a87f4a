import { Command } from 'commander';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { openDatabase } from './core/db/database.js';
import { migrateToLatest, pendingMigrations } from './core/db/migrate.js';

// The operator's commands: they open the database with the server's own code, so they live in the
// server package. `nimbus-server <command>` runs them; the `nimbus` CLI's `nimbus admin <command>`
// hands over to them when the server package is installed beside it.

/** How the running program is called: `command` in help and hints, `prefix` before its messages. */
export interface AdminProgram {
  command: string;
  prefix: string;
}

/** Reads the configuration the server would read, or prints every problem and exits 2, as the server does. */
function configOrExit({ prefix }: AdminProgram): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`${prefix}: invalid configuration: ${problem}\n`);
    process.exit(2);
  }
}

async function migrate(program: AdminProgram): Promise<void> {
  const config = configOrExit(program);
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length === 0) {
      process.stdout.write('The database is up to date; no migration to apply.\n');
    } else {
      process.stdout.write(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`);
    }
  } finally {
    await database.close();
  }
}

async function checkConfig(program: AdminProgram, options: { connect: boolean }): Promise<void> {
  const config = configOrExit(program);
  const described = describeConfig(config);
  const width = Math.max(...Object.keys(described).map((key) => key.length));
  process.stdout.write('The configuration is valid:\n');
  for (const [key, value] of Object.entries(described)) {
    process.stdout.write(`  ${key.padEnd(width)}  ${value === null ? '(not set)' : String(value)}\n`);
  }
  if (!options.connect) return;
  const database = openDatabase(config.database);
  try {
    await database.ping();
    const pending = await pendingMigrations(database.db);
    process.stdout.write(
      `The database answers; ${pending.length === 0 ? 'its schema is up to date' : `${pending.length} migration(s) pending (run \`${program.command} migrate\`)`}.\n`,
    );
  } catch (error) {
    process.stderr.write(
      `${program.prefix}: the database does not answer: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

/** Runs one admin command, `args` as typed after the program's name (`migrate`, `check-config --no-connect`, `--help`). */
export async function runAdmin(args: readonly string[], program: AdminProgram): Promise<void> {
  const admin = new Command(program.command)
    .description('operate a Nimbus installation (reads the same NIMBUS_* variables as the server)')
    .showHelpAfterError();
  admin
    .command('migrate')
    .description('apply pending database migrations')
    .action(() => migrate(program));
  admin
    .command('check-config')
    .description('validate the NIMBUS_* configuration and check that the database answers')
    .option('--no-connect', 'only validate the variables; do not contact the database')
    .action((options: { connect: boolean }) => checkConfig(program, options));
  await admin.parseAsync([...args], { from: 'user' });
}
