import type { JobRunner } from '../../core/jobs/index.js';
import { defineModule } from '../../core/module.js';
import { CommandsRepo } from './commands.repo.js';
import { CommandsService } from './commands.service.js';
import { DevicesRepo } from './devices.repo.js';
import { deviceTokenStrategy } from './device-token.strategy.js';
import { devicesRoutes } from './devices.routes.js';
import { DevicesService } from './devices.service.js';
import { streamRoutes } from './stream.routes.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './devices.tables.js';

export type { CommandRow } from './commands.repo.js';
export type { CommandOutcome } from './commands.service.js';
export { CommandsService } from './commands.service.js';
export type { DeviceRef, DeviceRow } from './devices.repo.js';
export { DevicesService } from './devices.service.js';

export interface DevicesModule {
  devices: DevicesService;
  commands: CommandsService;
}

declare module '../../core/module.js' {
  interface ModuleApis {
    devices: DevicesModule;
  }
}

/** Devices: registration, sync switches, the stream and commands. */
export const devicesModule = defineModule({
  name: 'devices',
  needs: ['accounts'],
  async register({ app, services, log, modules, onJobsStart }) {
    const { database, clock, bus, runner } = services;
    const { accounts } = modules;
    const repo = new DevicesRepo(database.db);
    const commands = new CommandsService({
      repo: new CommandsRepo(database.db),
      devices: repo,
      clock,
      bus,
      log,
    });
    const devices = new DevicesService({
      repo,
      clock,
      accounts,
      announceRemoval: (accountId, deviceId) => commands.announceRemoval(accountId, deviceId),
    });
    accounts.onSessionsEnded((accountId) => devices.forgetSignedOut(accountId));
    app.authenticator.use(deviceTokenStrategy({ accounts, repo, clock }));
    await app.register(devicesRoutes(devices));
    await app.register(streamRoutes({ devices, commands, accounts, bus }));
    onJobsStart(() => scheduleCommandExpiry(runner, commands));
    return { devices, commands };
  },
});

export const EXPIRE_COMMANDS = 'devices.expire-commands';

/** Every few minutes, commands nobody picked up in time end as expired (and say so to who asked). */
export async function scheduleCommandExpiry(runner: JobRunner, commands: CommandsService): Promise<void> {
  runner.define({
    name: EXPIRE_COMMANDS,
    queue: 'maintenance',
    async run(_payload, context) {
      const expired = await commands.expireOverdue();
      if (expired > 0) context.log.info({ expired }, 'expired device commands');
    },
  });
  await runner.schedule(EXPIRE_COMMANDS, '*/5 * * * *');
}
