export { buildApp, type AppOptions } from './app.js';
export { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
export { openDatabase, type Database } from './core/db/database.js';
export { migrateToLatest, pendingMigrations } from './core/db/migrate.js';
