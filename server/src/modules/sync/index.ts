import type { FastifyInstance } from 'fastify';
import type { RateLimits } from '../../core/rate-limits.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { AccountsApi } from '../accounts/index.js';
import type { CommandsService, DevicesService } from '../devices/index.js';
import { ContactFiles } from './contact-files.js';
import { contactFilesRoutes } from './contact-files.routes.js';
import { MessagesService } from './messages.service.js';
import { recordsRoutes } from './records.routes.js';
import { RecordsService } from './records.service.js';
import { SyncRepo } from './sync.repo.js';
import { syncRoutes } from './sync.routes.js';
import { SyncEngine } from './sync.service.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './sync.tables.js';

export { SyncEngine } from './sync.service.js';
export { SyncRepo } from './sync.repo.js';
export { pruneTombstones, PRUNE_TOMBSTONES, schedulePruneTombstones } from './tombstones.js';

export interface SyncModuleDeps {
  db: Db;
  clock: Clock;
  accounts: AccountsApi;
  devices: DevicesService;
  commands: CommandsService;
  limits: RateLimits;
}

/** Registers the sync module: the engine, its routes, and change hints on the bus. */
export async function registerSync(app: FastifyInstance, deps: SyncModuleDeps): Promise<SyncEngine> {
  const engine = new SyncEngine({
    repo: new SyncRepo(deps.db),
    clock: deps.clock,
    limits: deps.limits,
    devices: deps.devices,
    // A lost hint costs a device one sync cycle, never data.
    notify: (accountId, category, originDeviceId) => deps.commands.hintSync(accountId, category, originDeviceId),
  });
  await app.register(syncRoutes(engine, deps.accounts));
  const repo = new SyncRepo(deps.db);
  const records = new RecordsService({ repo, engine, clock: deps.clock, limits: deps.limits });
  const messages = new MessagesService({
    limits: deps.limits,
    repo,
    engine,
    records,
    devices: deps.devices,
    commands: deps.commands,
    clock: deps.clock,
  });
  await app.register(recordsRoutes(engine, records, messages, deps.accounts));
  await app.register(contactFilesRoutes(engine, new ContactFiles({ repo, engine }), deps.accounts, deps.limits));
  return engine;
}
