import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerAccountCommands } from './commands/account.js';
import { registerAgentCommand } from './commands/agent.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerDeviceCommands } from './commands/device.js';
import { registerLoginCommand } from './commands/login.js';
import { registerStatusCommand } from './commands/status.js';
import { registerSyncCommand } from './commands/sync.js';
import { registerUploadCommand } from './commands/upload.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('nimbus')
  .description('Nimbus: the reference device and the operator tool of a Nimbus server')
  .version(version)
  .showHelpAfterError();
registerStatusCommand(program);
registerLoginCommand(program);
registerAccountCommands(program);
registerDeviceCommands(program);
registerSyncCommand(program);
registerUploadCommand(program);
registerAgentCommand(program);
registerAdminCommands(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`nimbus: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
