import fs from 'node:fs/promises';
import path from 'node:path';
import { CategorySchema } from '@nimbus/protocol';
import { z } from 'zod';
import { readTextOrNull, writeFileAtomic } from './atomic-file.js';

const RecordStateSchema = z.object({
  /** The server's version of the record the folder holds. */
  version: z.number().int().positive(),
  /** SHA-256 of the record's text in the folder right after that sync. */
  hash: z.string(),
  uid: z.string().optional(),
  stamp: z.string().optional(),
});
export type RecordState = z.infer<typeof RecordStateSchema>;

const CategoryStateSchema = z.object({
  /** Where the last pull ended. */
  cursor: z.string(),
  records: z.record(z.string(), RecordStateSchema),
});
export type CategoryState = z.infer<typeof CategoryStateSchema>;

const FolderStateSchema = z.object({
  format: z.literal(1),
  /** The server and account the folder syncs with: a folder never mixes two accounts. */
  server: z.string(),
  account: z.string(),
  categories: z.partialRecord(CategorySchema, CategoryStateSchema),
});
export type FolderState = z.infer<typeof FolderStateSchema>;

export const stateDir = (dir: string) => path.join(dir, '.nimbus');
const stateFile = (dir: string) => path.join(stateDir(dir), 'state.json');

/** What the folder remembers of its last sync; a new state for a folder never synced. */
export async function loadState(dir: string, server: string, account: string): Promise<FolderState> {
  const text = await readTextOrNull(stateFile(dir));
  if (text === null) return { format: 1, server, account, categories: {} };
  let state: FolderState;
  try {
    state = FolderStateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `${stateFile(dir)} cannot be read (${(error as Error).message}); move the folder's .nimbus away to sync it afresh`,
      { cause: error },
    );
  }
  if (state.server !== server || state.account !== account) {
    throw new Error(
      `${dir} syncs with account ${state.account} at ${state.server}, but this device is signed in to account ${account} at ${server}; use another folder`,
    );
  }
  return state;
}

export async function saveState(dir: string, state: FolderState): Promise<void> {
  await fs.mkdir(stateDir(dir), { recursive: true });
  await writeFileAtomic(stateFile(dir), `${JSON.stringify(state, null, 2)}\n`);
}
