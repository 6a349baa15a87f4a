import path from 'node:path';
import { CATEGORIES, type Category } from '@nimbus/protocol';
import type { Command } from 'commander';
import { Agent } from '../agent/agent.js';
import { AgentLog } from '../agent/agent-log.js';
import { lockFolder } from '../sync/sync-folder.js';
import { categoryList, deviceClient } from './device.js';

async function agent(folder: string, options: { categories?: Category[]; verbose?: boolean }): Promise<void> {
  const dir = path.resolve(folder);
  const { client, tokens } = await deviceClient();
  const release = await lockFolder(dir);
  const log = new AgentLog(options.verbose === true || process.stdout.isTTY);
  const running = new Agent({
    client,
    account: tokens.account,
    dir,
    categories: options.categories ?? CATEGORIES,
    log,
  });
  // Once only: a second Ctrl-C ends the process at once (the lock it leaves is taken over next time).
  const stop = (signal: NodeJS.Signals) => {
    log.event(`${signal}: stopping once the work under way is done (again to quit at once)`);
    running.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await running.run();
    log.event('stopped');
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await release();
  }
}

const AGENT_HELP = `
The agent is the folder's phone, running: it syncs the folder as \`nimbus sync\` does, then stays
connected to the server (a WebSocket; long polls where WebSockets do not get through) and
  - syncs a category as soon as the server says it changed elsewhere;
  - carries out commands: a text written in the portal is "sent" by keeping it in messages.json as
    sent, and the server is told, so the portal shows it sent.
It reconnects by itself after the connection drops, and stops on Ctrl-C or SIGTERM. On a terminal
(or with --verbose) it prints a line for each thing it does; otherwise only errors, on standard error.`;

export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run as the phone a folder stands for: stay connected, sync on changes, carry out commands')
    .argument('<dir>', 'the folder (made when missing)')
    .option('--categories <list>', `only these, e.g. messages,notes (${CATEGORIES.join(', ')})`, categoryList)
    .option('--verbose', 'print what happens even when the output is not a terminal')
    .addHelpText('after', AGENT_HELP)
    .action(agent);
}
