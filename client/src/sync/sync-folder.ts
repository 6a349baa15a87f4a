import fs from 'node:fs/promises';
import path from 'node:path';
import type { Category, Device } from '@nimbus/protocol';
import type { Credentials } from '../credentials.js';
import { acquireLock, LockedError } from '../lock-file.js';
import type { Progress } from '../progress.js';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import { CategorySync, type CategoryReport } from './category-sync.js';
import { loadState, saveState, stateDir } from './folder-state.js';
import { folderFormats, FolderFormatError } from './formats/index.js';
import { describeReport } from './report.js';

/** This device as the server sees it, or a clear error when it was never registered. */
export async function thisDevice(client: NimbusClient): Promise<Device> {
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

/** Takes the folder's lock: one `nimbus sync` or `nimbus agent` works on a folder at a time. */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  await fs.mkdir(stateDir(dir), { recursive: true });
  try {
    return await acquireLock(path.join(stateDir(dir), 'lock'));
  } catch (error) {
    if (error instanceof LockedError) {
      throw new Error(
        `another nimbus sync or nimbus agent is working on ${dir}${error.pid === null ? '' : ` (process ${error.pid})`}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** What happened to each category, as it happens. */
export interface SyncFolderOutput {
  switchedOff(category: Category): void;
  /** `lines` describe the report for people (a summary, then each conflict and refusal). */
  synced(category: Category, report: CategoryReport, lines: string[]): void;
  /** The category could not be synced at all (its file cannot be read, or the server switched it off). */
  notSynced(category: Category, message: string): void;
}

export interface SyncFolderOptions {
  client: NimbusClient;
  account: Pick<Credentials, 'server' | 'accountNumber'>;
  /** The folder, resolved; the caller holds its lock. */
  dir: string;
  categories: readonly Category[];
  progress: Progress;
  output: SyncFolderOutput;
}

export interface SyncFolderResult {
  /** Something was not synced: a record the server refused, a file that cannot be read. */
  incomplete: boolean;
  /** The categories that synced, so a caller knows their files are current. */
  synced: Category[];
}

/**
 * Syncs the chosen categories of the folder one after the other, saving the state after each, so
 * a failure later on keeps what went through. A category switched off for the device is left out.
 */
export async function syncFolder(options: SyncFolderOptions): Promise<SyncFolderResult> {
  const { client, account, dir, progress, output } = options;
  const state = await loadState(dir, account.server, account.accountNumber);
  const device = await thisDevice(client);
  const formats = folderFormats(dir);
  const result: SyncFolderResult = { incomplete: false, synced: [] };
  for (const category of options.categories) {
    const format = formats[category];
    if (!device.sync[category]) {
      output.switchedOff(category);
      continue;
    }
    try {
      const { state: next, report } = await new CategorySync(
        { api: client, dir, format, progress },
        state.categories[category],
      ).run();
      state.categories[category] = next;
      await saveState(dir, state);
      output.synced(
        category,
        report,
        describeReport(report, (id) => format.locate(id)),
      );
      result.synced.push(category);
      if (report.rejected.length > 0) result.incomplete = true;
    } catch (error) {
      const known =
        error instanceof FolderFormatError || (error instanceof NimbusApiError && error.code === 'category_disabled');
      if (!known) throw error;
      output.notSynced(category, error.message);
      result.incomplete = true;
    }
  }
  return result;
}
