import type { Command } from 'commander';
import type { Config } from '@nimbus/server';

// The server is loaded only by the admin commands: a device using the CLI never pays for it.
const loadServer = () => import('@nimbus/server');

/** Reads the configuration the server would read, or prints every problem and exits 2, as the server does. */
async function configOrExit(): Promise<Config> {
  const { ConfigError, loadConfig } = await loadServer();
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`nimbus: invalid configuration: ${problem}\n`);
    process.exit(2);
  }
}

async function migrate(): Promise<void> {
  const { migrateToLatest, openDatabase } = await loadServer();
  const config = await configOrExit();
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

async function checkConfig(options: { connect: boolean }): Promise<void> {
  const { describeConfig, openDatabase, pendingMigrations } = await loadServer();
  const config = await configOrExit();
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
      `The database answers; ${pending.length === 0 ? 'its schema is up to date' : `${pending.length} migration(s) pending (run \`nimbus admin migrate\`)`}.\n`,
    );
  } catch (error) {
    process.stderr.write(
      `nimbus: the database does not answer: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description('operate a Nimbus installation (reads the same NIMBUS_* variables as the server)');
  admin.command('migrate').description('apply pending database migrations').action(migrate);
  admin
    .command('check-config')
    .description('validate the NIMBUS_* configuration and check that the database answers')
    .option('--no-connect', 'only validate the variables; do not contact the database')
    .action(checkConfig);
}
