import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../../core/blobs/index.js';
import type { Db } from '../../core/db/database.js';
import type { JobRunner } from '../../core/jobs/index.js';
import { defineModule } from '../../core/module.js';
import type { Clock } from '../../core/time.js';
import { BlobRefsService } from './blob-refs.service.js';
import { freePlanLimit, QuotaService, type LimitProvider, type UsageProvider } from './quota.service.js';
import { recountUsage, type BreakdownCounter } from './usage.service.js';

export type * from './storage.tables.js';
export { ORPHAN_GRACE_MS, type BlobRefsService, type UsageBreakdownDelta } from './blob-refs.service.js';
export {
  freePlanLimit,
  insufficientStorage,
  MAX_OPEN_UPLOADS,
  type LimitProvider,
  type QuotaService,
  type UsageProvider,
} from './quota.service.js';
export type { BreakdownCounter } from './usage.service.js';

/** Kept from when media ran it: job schedules are stored under their job's name. */
export const COLLECT_BLOBS = 'media.collect-blobs';

/** What the storage module needs. */
export interface StorageDeps {
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  log: FastifyBaseLogger;
  /** The account's limit: the free quota today, the plan's once plans arrive. Swappable, read at each check. */
  limits: LimitProvider;
  /** Usage other modules report besides blobs (records today; backups later), by name. */
  providers: Record<string, UsageProvider>;
}

/** The storage module's API: blob references, the quota, usage counters, orphan collection. */
export interface StorageApi {
  refs: BlobRefsService;
  quota: QuotaService;
  /** Counts what another module keeps (records; later backups) toward every account's quota. */
  provideUsage(name: string, provider: UsageProvider): void;
  /** Where each account's limit comes from from now on: the free quota today, the plans module later. */
  useLimits(provider: LimitProvider): void;
  /** Sets every account's counters from the truth (see recountUsage); returns how many had drifted. */
  recount(now: number, breakdownOf: BreakdownCounter): Promise<number>;
}

/** Builds the storage module. It has no routes of its own: the storage page's route belongs to media for now. */
export function createStorage(deps: StorageDeps): StorageApi {
  return {
    refs: new BlobRefsService(deps),
    // Reads `deps.limits` at each check, so swapping the provider (plans, tests) takes effect at once.
    quota: new QuotaService({
      db: deps.db,
      clock: deps.clock,
      providers: deps.providers,
      limits: { limitOf: (accountId, db) => deps.limits.limitOf(accountId, db) },
    }),
    recount: (now, breakdownOf) => recountUsage(deps, now, breakdownOf),
    provideUsage(name, provider) {
      if (name in deps.providers) throw new Error(`a usage provider named ${name} is registered twice`);
      deps.providers[name] = provider;
    },
    useLimits(provider) {
      deps.limits = provider;
    },
  };
}

declare module '../../core/module.js' {
  interface ModuleApis {
    storage: StorageApi;
  }
}

/** Storage: what each account's bytes are, how many it may keep, and the bytes nobody names any more. */
export const storageModule = defineModule({
  name: 'storage',
  needs: ['accounts'],
  register({ services, log, modules, onJobsStart }) {
    const { database, blobs, clock, config, runner } = services;
    const storage = createStorage({
      db: database.db,
      blobs,
      clock,
      log,
      limits: freePlanLimit(config.freeQuotaBytes),
      providers: {},
    });
    // A purged account's blobs become orphans, deleted once no other account names them.
    modules.accounts.onPurge((accountId) => storage.refs.purgeAccount(accountId));
    onJobsStart(() => scheduleStorageJobs(runner, storage, clock));
    return Promise.resolve(storage);
  },
});

/** Storage housekeeping on schedules that survive restarts. */
export async function scheduleStorageJobs(runner: JobRunner, storage: StorageApi, clock: Clock): Promise<void> {
  runner.define({
    name: COLLECT_BLOBS,
    queue: 'maintenance',
    async run(_payload, context) {
      const removed = await storage.refs.collect(clock.now());
      if (removed > 0) context.log.info({ removed }, 'deleted blobs no account names');
    },
  });
  await runner.schedule(COLLECT_BLOBS, '7 * * * *');
}
