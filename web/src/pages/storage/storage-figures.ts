import type { Storage } from '@nimbus/protocol';

export type StoragePart = keyof Storage['breakdown'];

/** The parts in the order the page lists them, each with its colour in the bar and the legend. */
export const STORAGE_PARTS = [
  { key: 'gallery', color: 'nimbus.6' },
  { key: 'recordings', color: 'grape.6' },
  { key: 'files', color: 'teal.6' },
  { key: 'records', color: 'orange.6' },
  { key: 'bin', color: 'gray.6' },
  { key: 'uploads', color: 'cyan.4' },
] as const satisfies readonly { key: StoragePart; color: string }[];

/** Above this share of the quota the page warns that space is running out. */
export const NEARLY_FULL = 0.9;

export interface StorageFigures {
  /** Share of the quota in use, 0–100 (more when over), for the bar and the words. */
  usedPercent: number;
  freeBytes: number;
  overBytes: number;
  state: 'ok' | 'nearlyFull' | 'full';
  /** Each part's share of the quota for the bar: in order, never adding up past 100. */
  bar: { key: StoragePart; color: string; bytes: number; percent: number }[];
}

/** What the Storage page draws from the server's figures. */
export function storageFigures(storage: Storage): StorageFigures {
  const quota = Math.max(1, storage.quotaBytes);
  let room = 100;
  const bar = STORAGE_PARTS.map(({ key, color }) => {
    const bytes = storage.breakdown[key];
    const percent = Math.min(room, (bytes / quota) * 100);
    room -= percent;
    return { key, color, bytes, percent };
  });
  const full = storage.readOnly || storage.usedBytes >= storage.quotaBytes;
  return {
    usedPercent: (storage.usedBytes / quota) * 100,
    freeBytes: Math.max(0, storage.quotaBytes - storage.usedBytes),
    overBytes: Math.max(0, storage.usedBytes - storage.quotaBytes),
    state: full ? 'full' : storage.usedBytes / quota >= NEARLY_FULL ? 'nearlyFull' : 'ok',
    bar,
  };
}
