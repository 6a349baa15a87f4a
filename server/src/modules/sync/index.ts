import type { FastifyInstance } from 'fastify';
import type { RateLimits } from '../../core/rate-limits.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { CommandsService, DevicesService } from '../devices/index.js';
import { ContactFiles } from './contact-files.js';
import { contactFilesRoutes } from './contact-files.routes.js';
import { MessagesService } from './messages.service.js';
import { recordsRoutes } from './records.routes.js';
import { RecordsService } from './records.service.js';
import { SyncRepo } from './sync.repo.js';
import { syncRoutes } from './sync.routes.js';
import { SyncEngine } from './sync.service.js';

export { SyncEngine } from './sync.service.js';
export { SyncRepo } from './sync.repo.js';
export type { Outcome, Precondition, WriteItem, Writer } from './writes.js';
export { pruneTombstones, PRUNE_TOMBSTONES, schedulePruneTombstones } from './tombstones.js';

export interface SyncModuleDeps {
  db: Db;
  clock: Clock;
  devices: DevicesService;
  commands: CommandsService;
  limits: RateLimits;
}

/** Registers the sync module: the engine, its routes, and change hints on the bus. */
export async function registerSync(app: FastifyInstance, deps: SyncModuleDeps): Promise<SyncEngine> {
  const repo = new SyncRepo(deps.db);
  const engine = new SyncEngine({
    db: deps.db,
    repo,
    clock: deps.clock,
    limits: deps.limits,
    devices: deps.devices,
    // A lost hint costs a device one sync cycle, never data.
    notify: (accountId, category, originDeviceId) => deps.commands.hintSync(accountId, category, originDeviceId),
  });
  await app.register(syncRoutes(engine));
  const records = new RecordsService({ repo, engine, clock: deps.clock, limits: deps.limits });
  const messages = new MessagesService({
    db: deps.db,
    limits: deps.limits,
    repo,
    engine,
    records,
    devices: deps.devices,
    commands: deps.commands,
    clock: deps.clock,
  });
  await app.register(recordsRoutes(records, messages));
  await app.register(contactFilesRoutes(new ContactFiles({ repo, engine, limits: deps.limits })));
  return engine;
}
