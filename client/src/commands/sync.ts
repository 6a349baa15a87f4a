import path from 'node:path';
import { CATEGORIES, type Category } from '@nimbus/protocol';
import type { Command } from 'commander';
import { abortOnInterrupt, INTERRUPTED_EXIT_CODE } from '../media/interrupt.js';
import { syncMediaFolders } from '../media/sync-media.js';
import { UploadStoppedError } from '../media/tus-upload.js';
import type { NimbusClient } from '../sdk.js';
import type { Credentials } from '../credentials.js';
import { progressForTerminal } from '../progress.js';
import { lockFolder, syncFolder } from '../sync/sync-folder.js';
import { categoryList, deviceClient } from './device.js';

/** The media folders, up to the server; Ctrl-C stops the upload under way and keeps it for next time. */
async function syncMedia(client: NimbusClient, account: Credentials, dir: string): Promise<void> {
  const interrupt = abortOnInterrupt(() =>
    process.stderr.write(
      '\nnimbus: stopping; the upload under way is kept on the server (Ctrl-C again to quit at once)\n',
    ),
  );
  try {
    const { failed } = await syncMediaFolders({
      client,
      account,
      dir,
      progress: progressForTerminal(),
      writer: {
        line: (text) => process.stdout.write(`${text}\n`),
        problem: (text) => process.stdout.write(`  ${text}\n`),
      },
      signal: interrupt.signal,
    });
    if (failed > 0) process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof UploadStoppedError)) throw error;
    process.stderr.write('nimbus: stopped; sync the folder again to continue where it stopped\n');
    process.exitCode = INTERRUPTED_EXIT_CODE;
  } finally {
    interrupt.dispose();
  }
}

async function sync(folder: string, options: { categories?: Category[]; media: boolean }): Promise<void> {
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
    if (options.media) await syncMedia(client, tokens.account, dir);
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
  gallery/         photos and videos; a sub-folder is an album (gallery/Screenshots/…), else "camera"
  recordings/      voice and call recordings (sound files)
  files/           any files; its folders become folders in your account's Files
  .nimbus/         what the last sync saw and unfinished uploads (do not edit)
Edit, add or delete anything while offline; the next sync sends it. A vCard or event without a UID
and a JSON entry without an "id" are new and get one; a new note may have any file name and no front
matter (its first "# Heading" is its title) and is renamed <id>.md. When a record changed on both
sides, the server's copy stays in the folder and yours is saved in conflicts/; a change outweighs a
deletion. gallery/, recordings/ and files/ go up only: a new or changed file is hashed, the server
is asked whether it has those bytes (then nothing is sent), and the rest is uploaded resumably; after
Ctrl-C or a crash the next sync continues each unfinished upload where the server stands. A file
deleted here stays in the account (delete it in the portal). A file the section refuses (a text in
gallery/) is reported and left out until it changes. Exits with 1 when something was not synced (a
record or file the server refused, a file that cannot be read); it stays as it is and goes again
next time; with 130 when stopped by Ctrl-C.`;

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync a folder that stands for this device with the account, both ways')
    .argument('<dir>', 'the folder (made when missing)')
    .option('--categories <list>', `only these, e.g. contacts,notes (${CATEGORIES.join(', ')})`, categoryList)
    .option('--no-media', 'leave out gallery/, recordings/ and files/')
    .addHelpText('after', FOLDER_HELP)
    .action(sync);
}
