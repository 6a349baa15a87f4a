import path from 'node:path';
import { CATEGORIES, type Category } from '@nimbus/protocol';
import type { Command } from 'commander';
import { progressForTerminal } from '../progress.js';
import { lockFolder, syncFolder } from '../sync/sync-folder.js';
import { categoryList, deviceClient } from './device.js';

async function sync(folder: string, options: { categories?: Category[] }): Promise<void> {
  const dir = path.resolve(folder);
  const { client, tokens } = await deviceClient();
  const release = await lockFolder(dir);
  try {
    const { incomplete } = await syncFolder({
      client,
      account: tokens.account,
      dir,
      categories: options.categories ?? CATEGORIES,
      progress: progressForTerminal(),
      output: {
        switchedOff: (category) =>
          process.stdout.write(
            `${category}: switched off for this device (\`nimbus device sync-settings --on ${category}\`)\n`,
          ),
        synced: (_category, _report, lines) => process.stdout.write(`${lines.join('\n')}\n`),
        notSynced: (category, message) => process.stderr.write(`nimbus: ${category} not synced: ${message}\n`),
      },
    });
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
