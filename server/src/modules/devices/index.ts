import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { AccountsApi } from '../accounts/index.js';
import { DevicesRepo } from './devices.repo.js';
import { devicesRoutes } from './devices.routes.js';
import { DevicesService } from './devices.service.js';

export type { DeviceRow } from './devices.repo.js';
export { DevicesService } from './devices.service.js';

/** Registers the devices module; sync and commands use the service it answers. */
export async function registerDevices(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; accounts: AccountsApi },
): Promise<DevicesService> {
  const service = new DevicesService({ repo: new DevicesRepo(deps.db), clock: deps.clock, accounts: deps.accounts });
  await app.register(devicesRoutes(service, deps.accounts));
  return service;
}
