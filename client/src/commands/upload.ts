import fs from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_SECTIONS, type MediaSection } from '@nimbus/protocol';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { credentialsFile } from '../credentials.js';
import { abortOnInterrupt, INTERRUPTED_EXIT_CODE } from '../media/interrupt.js';
import { MediaReport } from '../media/media-report.js';
import { MediaUploader, type LocalMedia } from '../media/media-uploader.js';
import { ResumeStore } from '../media/resume-store.js';
import { ServerFolders } from '../media/server-folders.js';
import { UploadStoppedError } from '../media/tus-upload.js';
import { progressForTerminal } from '../progress.js';
import { deviceClient } from './device.js';

interface UploadOptions {
  section: MediaSection;
  album?: string;
  folder?: string;
}

/** Where `nimbus upload` remembers unfinished uploads: beside the credentials. */
export const uploadsStateFile = () => path.join(path.dirname(credentialsFile()), 'uploads.json');

/** A folder path of the files section: "Documents/2026" → ["Documents", "2026"]. */
function folderPath(value: string): string[] {
  const segments = value.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new InvalidArgumentError('a folder path names folders from the root, without "." or ".."');
  }
  return segments;
}

async function localFile(given: string, options: UploadOptions): Promise<LocalMedia> {
  const file = path.resolve(given);
  const stats = await fs.stat(file).catch((error: unknown) => {
    throw new Error(`${given} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  if (!stats.isFile()) throw new Error(`${given} is not a file (to upload a folder, use \`nimbus sync\`)`);
  const name = path.basename(file);
  const { section } = options;
  const dated = section === 'gallery' || section === 'recordings';
  return {
    path: file,
    label: given,
    size: stats.size,
    mtimeMs: Math.trunc(stats.mtimeMs),
    item: {
      section,
      name,
      ...(dated ? { takenAt: stats.mtime.toISOString() } : {}),
      ...(section === 'gallery' && options.album !== undefined ? { album: options.album } : {}),
      ...(section === 'recordings' ? { title: path.parse(name).name } : {}),
    },
    ...(section === 'files' ? { folder: folderPath(options.folder ?? '') } : {}),
  };
}

async function upload(files: string[], options: UploadOptions): Promise<void> {
  if (options.album !== undefined && options.section !== 'gallery')
    throw new Error('--album is for the gallery (--section gallery)');
  if (options.folder !== undefined && options.section !== 'files')
    throw new Error('--folder is for files (--section files)');
  const local = await Promise.all(files.map((file) => localFile(file, options)));
  const { client, tokens } = await deviceClient();
  const report = new MediaReport(
    {
      line: (text) => process.stdout.write(`${text}\n`),
      problem: (text) => process.stderr.write(`nimbus: ${text}\n`),
    },
    true,
  );
  const interrupt = abortOnInterrupt(() =>
    process.stderr.write(
      '\nnimbus: stopping; the upload under way is kept on the server (Ctrl-C again to quit at once)\n',
    ),
  );
  try {
    await new MediaUploader({
      client,
      account: tokens.account,
      resume: new ResumeStore(uploadsStateFile()),
      folders: new ServerFolders(client),
      progress: progressForTerminal(),
      output: report,
      signal: interrupt.signal,
    }).run(local);
    process.stdout.write(`${report.summary()}\n`);
    if (report.failed > 0) process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof UploadStoppedError)) throw error;
    process.stdout.write(`${report.summary()}\n`);
    process.stderr.write('nimbus: stopped; run the same command again to continue where it stopped\n');
    process.exitCode = INTERRUPTED_EXIT_CODE;
  } finally {
    interrupt.dispose();
  }
}

const UPLOAD_HELP = `
Each file is hashed (SHA-256) first, and the server is asked which it lacks: bytes the account
already has are not sent again (the item is made from them). The rest is sent resumably (tus), in
8 MB pieces: after Ctrl-C, a lost connection or a crash, running the same command again continues
from where the server stands (unfinished uploads are kept 24 hours, in uploads.json beside the
credentials). Gallery photos and recordings are dated by their EXIF time, else by the file's time.
The gallery takes photos and videos, recordings take sound; a file the section refuses is reported
and left out. Exits with 1 when a file was not uploaded, 130 when stopped by Ctrl-C.`;

export function registerUploadCommand(program: Command): void {
  program
    .command('upload')
    .description('upload photos, videos, recordings or files to the account, resumably')
    .argument('<files...>', 'the files')
    .addOption(
      new Option('--section <section>', 'where they go')
        .choices(MEDIA_SECTIONS)
        .default('gallery' satisfies MediaSection),
    )
    .option('--album <name>', 'gallery: the album (default: camera)')
    .option('--folder <path>', 'files: the folder, e.g. Documents/2026 (made when missing; default: the root)')
    .addHelpText('after', UPLOAD_HELP)
    .action(upload);
}
