import type { Credentials } from '../credentials.js';
import type { Progress } from '../progress.js';
import type { NimbusClient } from '../sdk.js';
import { folderUploadsFile, loadMediaState, recordOutcome, saveMediaState, scanMediaFolders } from './media-folders.js';
import { MediaReport, type ReportWriter } from './media-report.js';
import { MediaUploader, type MediaOutcome } from './media-uploader.js';
import { ResumeStore } from './resume-store.js';
import { ServerFolders } from './server-folders.js';

export interface SyncMediaOptions {
  client: NimbusClient;
  account: Pick<Credentials, 'server' | 'accountNumber'>;
  /** The folder, resolved; the caller holds its lock. */
  dir: string;
  progress: Progress;
  writer: ReportWriter;
  signal?: AbortSignal;
}

/** How often the folder's media state is saved during a long run (and always at its end). */
const SAVE_EVERY_MS = 2_000;

/**
 * Sends DIR/gallery, DIR/recordings and DIR/files up to the account: new and changed files are
 * uploaded (after asking which the server lacks), folders of files/ are made on the server, and
 * each file's size, time, hash and item are kept in DIR/.nimbus/media.json, so an unchanged file
 * is neither read nor sent again. Answers how many files were not stored, after writing a summary
 * line per section; throws UploadStoppedError on Ctrl-C, having saved what was done.
 */
export async function syncMediaFolders(options: SyncMediaOptions): Promise<{ failed: number }> {
  const { client, account, dir, writer } = options;
  const state = await loadMediaState(dir, account);
  const scan = await scanMediaFolders(dir, state);
  const report = new MediaReport(writer, false);
  const folders = new ServerFolders(client);
  let failedFolders = 0;
  for (const folder of scan.newFolders) {
    try {
      await folders.resolve(folder);
      state.folders.push(folder.join('/'));
    } catch (error) {
      failedFolders++;
      writer.problem(`files/${folder.join('/')}/ not made on the server: ${(error as Error).message}`);
    }
  }
  for (const { file, message } of scan.refused)
    report.skipped(file, `${message} (refused before; change or move the file to try again)`);
  let savedAt = Date.now();
  let saving = Promise.resolve();
  const output = {
    resuming: report.resuming.bind(report),
    restarting: report.restarting.bind(report),
    done(outcome: MediaOutcome) {
      report.done(outcome);
      recordOutcome(state, outcome);
      if (Date.now() - savedAt > SAVE_EVERY_MS) {
        savedAt = Date.now();
        saving = saving.then(() => saveMediaState(dir, state)).catch(() => undefined);
      }
    },
  };
  try {
    if (scan.changed.length > 0) {
      await new MediaUploader({
        client,
        account,
        resume: new ResumeStore(folderUploadsFile(dir)),
        folders,
        progress: options.progress,
        output,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }).run(scan.changed);
    }
  } finally {
    for (const known of Object.keys(state.files))
      if (!scan.present.has(known)) Reflect.deleteProperty(state.files, known);
    state.folders = state.folders.filter((folder) => scan.folders.includes(folder));
    await saving;
    await saveMediaState(dir, state);
  }
  for (const line of report.sectionLines(scan.sections)) writer.line(line);
  return { failed: report.failed + failedFolders };
}
