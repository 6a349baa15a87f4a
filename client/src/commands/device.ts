import { createRequire } from 'node:module';
import os from 'node:os';
import { CATEGORIES, type Category, type Device, type UpdateSyncSwitches } from '@nimbus/protocol';
import { type Command, InvalidArgumentError } from 'commander';
import { NimbusClient } from '../sdk.js';
import { requireCredentials, StoredTokens } from '../stored-tokens.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The SDK signed in as this device, from the saved credentials. */
export async function deviceClient(): Promise<{ client: NimbusClient; tokens: StoredTokens }> {
  const tokens = new StoredTokens(await requireCredentials());
  return { client: new NimbusClient(tokens.account.server, tokens), tokens };
}

/** Parses a list of category names, e.g. "contacts,notes" or several flags. */
export function categoryList(value: string, previous: Category[] = []): Category[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!(CATEGORIES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`"${name}" is not a category; use ${CATEGORIES.join(', ')}`);
    }
  }
  return [...new Set([...previous, ...(names as Category[])])];
}

function printSwitches(device: Device): void {
  const on = CATEGORIES.filter((category) => device.sync[category]);
  const off = CATEGORIES.filter((category) => !device.sync[category]);
  process.stdout.write(`Syncs: ${on.length === 0 ? 'nothing' : on.join(', ')}\n`);
  if (off.length > 0) process.stdout.write(`Switched off: ${off.join(', ')}\n`);
}

async function register(options: { name: string; model: string }): Promise<void> {
  const { client } = await deviceClient();
  const device = await client.registerDevice({
    name: options.name,
    model: options.model,
    os: os.type(),
    osVersion: os.release(),
    appVersion: `nimbus CLI ${version}`,
  });
  process.stdout.write(`This device is registered as "${device.name}" (${device.model}), device id ${device.id}.\n`);
  printSwitches(device);
}

async function syncSettings(options: { on?: Category[]; off?: Category[] }): Promise<void> {
  const on = options.on ?? [];
  const off = options.off ?? [];
  const both = on.filter((category) => off.includes(category));
  if (both.length > 0) throw new Error(`${both.join(', ')} cannot be both --on and --off`);
  const { client } = await deviceClient();
  const update: UpdateSyncSwitches = {};
  for (const category of on) update[category] = true;
  for (const category of off) update[category] = false;
  const device =
    Object.keys(update).length === 0 ? await client.currentDevice() : await client.updateSyncSwitches(update);
  printSwitches(device);
}

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('this device, as your account knows it');
  device
    .command('register')
    .description('register this signed-in device so it can sync (run `nimbus login` first)')
    .option('--name <name>', 'how the device appears in your account', os.hostname())
    .option('--model <model>', 'what kind of device it is', os.platform())
    .action(register);
  device
    .command('sync-settings')
    .description('show or change which categories this device syncs')
    .option('--on <categories>', `switch on, e.g. contacts,notes (${CATEGORIES.join(', ')})`, categoryList)
    .option('--off <categories>', 'switch off', categoryList)
    .action(syncSettings);
}
