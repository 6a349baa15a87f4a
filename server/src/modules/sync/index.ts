import type { Category } from '@nimbus/protocol';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Bus } from '../../core/bus/index.js';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { AccountsApi } from '../accounts/index.js';
import type { DevicesService } from '../devices/index.js';
import { ContactFiles } from './contact-files.js';
import { recordsRoutes } from './records.routes.js';
import { RecordsService } from './records.service.js';
import { SyncRepo } from './sync.repo.js';
import { syncRoutes } from './sync.routes.js';
import { SyncEngine } from './sync.service.js';

export { SyncEngine } from './sync.service.js';
export { SyncRepo } from './sync.repo.js';
export { pruneTombstones, PRUNE_TOMBSTONES, schedulePruneTombstones } from './tombstones.js';

/** The bus channel of an account's changes; the device stream listens to it. */
export const changesChannel = (accountId: string) => `sync:${accountId}`;

export interface ChangeMessage {
  category: Category;
  originDeviceId: string | null;
}

export interface SyncModuleDeps {
  db: Db;
  clock: Clock;
  bus: Bus;
  accounts: AccountsApi;
  devices: DevicesService;
  log: FastifyBaseLogger;
}

/** Registers the sync module: the engine, its routes, and change hints on the bus. */
export async function registerSync(app: FastifyInstance, deps: SyncModuleDeps): Promise<SyncEngine> {
  const engine = new SyncEngine({
    repo: new SyncRepo(deps.db),
    clock: deps.clock,
    devices: deps.devices,
    notify: (accountId, category, originDeviceId) => {
      const message: ChangeMessage = { category, originDeviceId };
      // A lost hint costs a device one sync cycle, never data: log and go on.
      deps.bus.publish(changesChannel(accountId), message).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'could not publish a sync hint');
      });
    },
  });
  await app.register(syncRoutes(engine, deps.accounts));
  const repo = new SyncRepo(deps.db);
  const records = new RecordsService({ repo, engine, clock: deps.clock });
  await app.register(recordsRoutes(records, new ContactFiles({ repo, engine }), deps.accounts));
  return engine;
}
