// A job runner in a process of its own, for the restart test: it claims the slow job, says so on
// stdout, and holds it until the test kills the whole process with SIGKILL.
import pino from 'pino';
import { systemClock } from '../time.js';
import { openDatabase } from '../db/database.js';
import { loadConfig } from '../../config.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import { JobsRepo } from './jobs.repo.js';
import { defineSlowEffectJob } from './slow-effect.fixture.js';

const databaseUrl = process.argv[2];
if (databaseUrl === undefined) throw new Error('usage: restart-worker.fixture.ts DATABASE_URL');
const database = openDatabase(loadConfig({ NIMBUS_DATABASE_URL: databaseUrl }).database);
const repo = new JobsRepo(database.db, database.dialect);
const queue = new JobQueue(repo, systemClock);
const runner = new JobRunner({
  db: database.db,
  repo,
  queue,
  clock: systemClock,
  log: pino({ level: 'silent' }),
  leaseMs: 1_000,
  pollIntervalMs: 50,
});
defineSlowEffectJob(runner, (attempt) => process.stdout.write(`started ${attempt}\n`));
runner.start();
