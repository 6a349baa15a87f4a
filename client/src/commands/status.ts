import type { Command } from 'commander';
import { NimbusClient } from '../sdk.js';

async function status(options: { url: string }): Promise<void> {
  const client = new NimbusClient(options.url);
  const [info, readiness] = await Promise.all([client.serverInfo(), client.readiness()]);
  process.stdout.write(`${info.name} ${info.version} at ${info.publicUrl} (${info.mode} mode): ${readiness.status}\n`);
  for (const [name, check] of Object.entries(readiness.checks)) {
    process.stdout.write(
      `  ${name.padEnd(9)} ${check.status} (${check.latencyMs} ms)${check.error === undefined ? '' : ` ${check.error}`}\n`,
    );
  }
  if (readiness.status !== 'ok') process.exitCode = 1;
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('show whether a Nimbus server is up and ready')
    .option('--url <url>', 'the server', process.env.NIMBUS_URL ?? 'http://127.0.0.1:8080')
    .action(status);
}
