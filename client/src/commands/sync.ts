import fs from 'node:fs/promises';
import path from 'node:path';
import { CATEGORIES, type Category, type Device } from '@nimbus/protocol';
import type { Command } from 'commander';
import { acquireLock, LockedError } from '../lock-file.js';
import { progressForTerminal } from '../progress.js';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import { CategorySync } from '../sync/category-sync.js';
import { loadState, saveState, stateDir } from '../sync/folder-state.js';
import { folderFormats, FolderFormatError } from '../sync/formats/index.js';
import { describeReport } from '../sync/report.js';
import { categoryList, deviceClient } from './device.js';

async function thisDevice(client: NimbusClient): Promise<Device> {
  try {
    return await client.currentDevice();
  } catch (error) {
    if (error instanceof NimbusApiError && error.code === 'not_a_device') {
      throw new Error('this device is not registered yet: run `nimbus device register` first', {
        cause: error,
      });
    }
    throw error;
  }
}

async function lockFolder(dir: string): Promise<() => Promise<void>> {
  await fs.mkdir(stateDir(dir), { recursive: true });
  try {
    return await acquireLock(path.join(stateDir(dir), 'lock'));
  } catch (error) {
    if (error instanceof LockedError) {
      throw new Error(
        `another nimbus sync is working on ${dir}${error.pid === null ? '' : ` (process ${error.pid})`}`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function sync(folder: string, options: { categories?: Category[] }): Promise<void> {
  const dir = path.resolve(folder);
  const { client, tokens } = await deviceClient();
  const release = await lockFolder(dir);
  try {
    const state = await loadState(dir, tokens.account.server, tokens.account.accountNumber);
    const device = await thisDevice(client);
    const formats = folderFormats(dir);
    const progress = progressForTerminal();
    let incomplete = false;
    for (const category of options.categories ?? CATEGORIES) {
      const format = formats[category];
      if (!device.sync[category]) {
        process.stdout.write(
          `${category}: switched off for this device (\`nimbus device sync-settings --on ${category}\`)\n`,
        );
        continue;
      }
      try {
        const { state: next, report } = await new CategorySync(
          { api: client, dir, format, progress },
          state.categories[category],
        ).run();
        state.categories[category] = next;
        await saveState(dir, state);
        process.stdout.write(`${describeReport(report, (id) => format.locate(id)).join('\n')}\n`);
        if (report.rejected.length > 0) incomplete = true;
      } catch (error) {
        const known =
          error instanceof FolderFormatError || (error instanceof NimbusApiError && error.code === 'category_disabled');
        if (!known) throw error;
        process.stderr.write(`nimbus: ${category} not synced: ${error.message}\n`);
        incomplete = true;
      }
    }
    if (incomplete) process.exitCode = 1;
  } finally {
    await release();
  }
}

const FOLDER_HELP = `
The folder stands for a phone:
  contacts.vcf     every contact as a vCard, one after another (each kept byte for byte)
  calendar.ics     one VCALENDAR with every event, its overrides and time zones
  messages.json    a JSON array of messages: {"id", "address", "body", "time", "direction", "status", …}
  calls.json       a JSON array of calls: {"id", "number", "name", "time", "durationSeconds", "type"}
  notes/<id>.md    a note: YAML front matter (title, folder, pinned, updatedAt), then the body
  conflicts/       your side of each conflict: the server's copy stays in the files above
  .nimbus/         what the last sync saw (do not edit)
Edit, add or delete anything while offline; the next sync sends it. A vCard or event without a UID
and a JSON entry without an "id" are new and get one; a new note may have any file name and no front
matter (its first "# Heading" is its title) and is renamed <id>.md. When a record changed on both
sides, the server's copy stays in the folder and yours is saved in conflicts/; a change outweighs a
deletion. Exits with 1 when something was not synced (a record the server refused, a file that
cannot be read); it stays as it is and goes again next time.`;

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync a folder that stands for this device with the account, both ways')
    .argument('<dir>', 'the folder (made when missing)')
    .option('--categories <list>', `only these, e.g. contacts,notes (${CATEGORIES.join(', ')})`, categoryList)
    .addHelpText('after', FOLDER_HELP)
    .action(sync);
}
