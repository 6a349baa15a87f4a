import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Sha256Schema, type MediaSection } from '@nimbus/protocol';
import { z } from 'zod';
import type { Credentials } from '../credentials.js';
import { readTextOrNull, writeFileAtomic } from '../sync/atomic-file.js';
import { stateDir } from '../sync/folder-state.js';
import type { LocalMedia, MediaOutcome } from './media-uploader.js';

const FileStateSchema = z.object({
  size: z.number().int().min(0),
  mtimeMs: z.number(),
  sha256: Sha256Schema,
  /** The item it became; absent when the server refused the file (then `refused` says why). */
  itemId: z.string().optional(),
  refused: z.string().optional(),
});
type FileState = z.infer<typeof FileStateSchema>;

const MediaStateSchema = z.object({
  format: z.literal(1),
  server: z.string(),
  account: z.string(),
  /** By path relative to the synced folder, with "/" between segments. */
  files: z.record(z.string(), FileStateSchema),
  /** Folders under files/ already made on the server. */
  folders: z.array(z.string()),
});
export type MediaState = z.infer<typeof MediaStateSchema>;

const mediaStateFile = (dir: string) => path.join(stateDir(dir), 'media.json');
/** Where `nimbus sync` remembers the folder's unfinished uploads. */
export const folderUploadsFile = (dir: string) => path.join(stateDir(dir), 'uploads.json');

export async function loadMediaState(dir: string, account: Pick<Credentials, 'server' | 'accountNumber'>) {
  const text = await readTextOrNull(mediaStateFile(dir));
  const fresh: MediaState = {
    format: 1,
    server: account.server,
    account: account.accountNumber,
    files: {},
    folders: [],
  };
  if (text === null) return fresh;
  const parsed = MediaStateSchema.safeParse(JSON.parse(text));
  // Lost state costs one hashing of every file; the server's answers keep anything from being sent twice.
  if (!parsed.success) return fresh;
  if (parsed.data.server !== account.server || parsed.data.account !== account.accountNumber) {
    throw new Error(
      `${dir} syncs with account ${parsed.data.account} at ${parsed.data.server}, but this device is signed in to account ${account.accountNumber} at ${account.server}; use another folder`,
    );
  }
  return parsed.data;
}

export async function saveMediaState(dir: string, state: MediaState): Promise<void> {
  await writeFileAtomic(mediaStateFile(dir), `${JSON.stringify(state)}\n`);
}

/** What a sync folder holds for the media sections, compared with what the last sync stored. */
export interface MediaScan {
  /** New or changed files, to upload (or to make items of). */
  changed: LocalMedia[];
  /** Unchanged files the server refused last time, with its reason. */
  refused: { file: LocalMedia; message: string }[];
  /** Folders of files/ not yet made on the server, parents first. */
  newFolders: string[][];
  /** Every file path present now (the state keeps only these). */
  present: Set<string>;
  /** The sections whose folder exists. */
  sections: MediaSection[];
  /** Every folder under files/ now. */
  folders: string[];
}

interface Entry {
  rel: string;
  segments: string[];
  stats: Stats;
}

/** Every regular file under `root`, leaving out names starting with "." (.nimbus, temp files). */
async function walk(root: string, base: string, found: Entry[], folders: string[][], segments: string[] = []) {
  const entries = await fs.readdir(path.join(root, ...segments), { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const inner = [...segments, entry.name];
    if (entry.isDirectory()) {
      folders.push(inner);
      await walk(root, base, found, folders, inner);
    } else if (entry.isFile()) {
      const stats = await fs.stat(path.join(root, ...inner));
      found.push({ rel: [base, ...inner].join('/'), segments: inner, stats });
    }
  }
}

function localMedia(dir: string, section: MediaSection, entry: Entry): LocalMedia {
  const name = entry.segments.at(-1) ?? '';
  const parents = entry.segments.slice(0, -1);
  const dated = { takenAt: entry.stats.mtime.toISOString() };
  const item =
    section === 'gallery'
      ? { section, name, ...dated, ...(parents.length > 0 ? { album: parents.at(-1) } : {}) }
      : section === 'recordings'
        ? { section, name, ...dated, title: path.parse(name).name }
        : { section, name };
  return {
    path: path.join(dir, ...entry.rel.split('/')),
    label: entry.rel,
    size: entry.stats.size,
    mtimeMs: Math.trunc(entry.stats.mtimeMs),
    item,
    ...(section === 'files' ? { folder: parents } : {}),
  };
}

/**
 * Looks through DIR/gallery (sub-folders are albums), DIR/recordings and DIR/files (a tree): a
 * file with the size and time the last sync stored is left alone without reading it.
 */
export async function scanMediaFolders(dir: string, state: MediaState): Promise<MediaScan> {
  const scan: MediaScan = { changed: [], refused: [], newFolders: [], present: new Set(), folders: [], sections: [] };
  for (const section of ['gallery', 'recordings', 'files'] as const) {
    const entries: Entry[] = [];
    const folders: string[][] = [];
    const exists = await fs.stat(path.join(dir, section)).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!exists) continue;
    scan.sections.push(section);
    await walk(path.join(dir, section), section, entries, folders);
    if (section === 'files') {
      scan.folders = folders.map((folder) => folder.join('/'));
      scan.newFolders = folders.filter((folder) => !state.folders.includes(folder.join('/')));
    }
    for (const entry of entries) {
      scan.present.add(entry.rel);
      const known: FileState | undefined = state.files[entry.rel];
      const file = localMedia(dir, section, entry);
      const same = known?.size === file.size && known.mtimeMs === file.mtimeMs;
      if (same && known.itemId !== undefined) continue;
      if (same && known.refused !== undefined) scan.refused.push({ file, message: known.refused });
      else scan.changed.push(file);
    }
  }
  return scan;
}

/** Keeps what a file's upload ended with: stored (never read again while unchanged), refused, or neither. */
export function recordOutcome(state: MediaState, outcome: MediaOutcome): void {
  const { file } = outcome;
  const base = { size: file.size, mtimeMs: file.mtimeMs };
  if (outcome.kind !== 'failed') state.files[file.label] = { ...base, sha256: outcome.sha256, itemId: outcome.item.id };
  else if (outcome.refused && outcome.sha256 !== null)
    state.files[file.label] = { ...base, sha256: outcome.sha256, refused: outcome.message };
  else Reflect.deleteProperty(state.files, file.label);
}
