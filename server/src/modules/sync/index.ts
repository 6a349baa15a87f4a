import { defineModule } from '../../core/module.js';
import { ContactFiles } from './contact-files.js';
import { contactFilesRoutes } from './contact-files.routes.js';
import { MessagesService } from './messages.service.js';
import { recordsRoutes } from './records.routes.js';
import { RecordsService } from './records.service.js';
import { SyncRepo } from './sync.repo.js';
import { recordsSummaryRoutes } from './summary.routes.js';
import { syncRoutes } from './sync.routes.js';
import { SyncEngine } from './sync.service.js';
import { schedulePruneTombstones } from './tombstones.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './sync.tables.js';

export { SyncEngine } from './sync.service.js';
export { SyncRepo } from './sync.repo.js';
export type { Outcome, Precondition, WriteItem, Writer } from './writes.js';
export { pruneTombstones, PRUNE_TOMBSTONES, schedulePruneTombstones } from './tombstones.js';

declare module '../../core/module.js' {
  interface ModuleApis {
    sync: SyncModule;
  }
}

export interface SyncModule {
  engine: SyncEngine;
}

/** Records sync: the engine, its routes, and change hints to the devices; records count toward the quota. */
export const syncModule = defineModule({
  name: 'sync',
  needs: ['devices', 'storage'],
  async register({ app, services, modules, onJobsStart }) {
    const { database, clock, limits, runner } = services;
    const db = database.db;
    const { devices, commands } = modules.devices;
    const repo = new SyncRepo(db);
    const engine = new SyncEngine({
      db,
      repo,
      clock,
      limits,
      devices,
      // A lost hint costs a device one sync cycle, never data.
      notify: (accountId, category, originDeviceId) => commands.hintSync(accountId, category, originDeviceId),
      quota: modules.storage.quota,
    });
    modules.storage.provideUsage('records', {
      usedBytes: (accountId, conn) => new SyncRepo(conn).recordsBytes(accountId),
    });
    await app.register(syncRoutes(engine));
    const records = new RecordsService({ repo, engine, clock, limits });
    const messages = new MessagesService({ db, limits, repo, engine, records, devices, commands, clock });
    await app.register(recordsRoutes(records, messages));
    await app.register(recordsSummaryRoutes(records));
    await app.register(contactFilesRoutes(new ContactFiles({ repo, engine, limits })));
    onJobsStart(() => schedulePruneTombstones(runner, { db, clock }));
    return { engine };
  },
});
