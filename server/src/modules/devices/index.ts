import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Bus } from '../../core/bus/index.js';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { JobRunner } from '../../core/jobs/index.js';
import type { AccountsApi } from '../accounts/index.js';
import { CommandsRepo } from './commands.repo.js';
import { CommandsService } from './commands.service.js';
import { DevicesRepo } from './devices.repo.js';
import { devicesRoutes } from './devices.routes.js';
import { DevicesService } from './devices.service.js';
import { streamRoutes } from './stream.routes.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './devices.tables.js';

export type { CommandRow } from './commands.repo.js';
export type { CommandOutcome } from './commands.service.js';
export { CommandsService } from './commands.service.js';
export type { DeviceRow } from './devices.repo.js';
export { DevicesService } from './devices.service.js';

export interface DevicesModule {
  devices: DevicesService;
  commands: CommandsService;
}

export interface DevicesModuleDeps {
  db: Db;
  clock: Clock;
  bus: Bus;
  accounts: AccountsApi;
  log: FastifyBaseLogger;
}

/** Registers the devices module: registration, sync switches, the stream and commands. */
export async function registerDevices(app: FastifyInstance, deps: DevicesModuleDeps): Promise<DevicesModule> {
  const repo = new DevicesRepo(deps.db);
  const commands = new CommandsService({
    repo: new CommandsRepo(deps.db),
    devices: repo,
    clock: deps.clock,
    bus: deps.bus,
    log: deps.log,
  });
  const devices = new DevicesService({
    repo,
    clock: deps.clock,
    accounts: deps.accounts,
    announceRemoval: (accountId, deviceId) => commands.announceRemoval(accountId, deviceId),
  });
  await app.register(devicesRoutes(devices, deps.accounts));
  await app.register(streamRoutes({ devices, commands, accounts: deps.accounts, bus: deps.bus }));
  return { devices, commands };
}

export const EXPIRE_COMMANDS = 'devices.expire-commands';

/** Every few minutes, commands nobody picked up in time end as expired (and say so to who asked). */
export async function scheduleCommandExpiry(runner: JobRunner, commands: CommandsService): Promise<void> {
  runner.define({
    name: EXPIRE_COMMANDS,
    async run(_payload, context) {
      const expired = await commands.expireOverdue();
      if (expired > 0) context.log.info({ expired }, 'expired device commands');
    },
  });
  await runner.schedule(EXPIRE_COMMANDS, '*/5 * * * *');
}
