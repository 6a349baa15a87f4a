// Migrates the database named on the command line and prints what it applied, as JSON: the
// concurrency test starts two of these at once, as two Nimbus processes starting together would.
import { loadConfig } from '../../config.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

const [url, startAt] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: migrate.fixture.ts DATABASE_URL [START_AT_EPOCH_MS]');
const database = openDatabase(loadConfig({ NIMBUS_DATABASE_URL: url }).database);
// Both processes wait for the same instant, so their migrations truly overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt ?? 0) - Date.now())));
try {
  process.stdout.write(JSON.stringify(await migrateToLatest(database.db)));
} finally {
  await database.close();
}
