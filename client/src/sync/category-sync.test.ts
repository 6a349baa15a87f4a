import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PushItem, PushResult } from '@nimbus/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../progress.js';
import { NimbusApiError } from '../sdk.js';
import { CategorySync, type SyncApi } from './category-sync.js';
import { NotesFolder } from './formats/notes-folder.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

async function folderWithNote(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-category-sync-'));
  dirs.push(dir);
  await fs.mkdir(path.join(dir, 'notes'));
  await fs.writeFile(path.join(dir, 'notes', 'shopping.md'), '# Shopping\n\nmilk\n');
  return dir;
}

const full = new NimbusApiError(
  507,
  'insufficient_storage',
  'Not enough storage: this needs 120 bytes and 0 bytes of your 5.0 GB are left.',
);

function api(push: (items: PushItem[]) => PushResult[]): SyncApi {
  return {
    pullChanges: () => Promise.resolve({ changes: [], cursor: '0', more: false }),
    pushChanges: (_category, items) => Promise.resolve().then(() => push(items)),
  };
}

describe('a sync when the account is full', () => {
  it('keeps the changes the server had no room for, and says why (a whole push refused with 507)', async () => {
    const dir = await folderWithNote();
    const sync = new CategorySync(
      {
        api: api(() => {
          throw full;
        }),
        dir,
        format: new NotesFolder(dir),
        progress: silentProgress,
      },
      undefined,
    );
    const { state, report } = await sync.run();
    expect(report.up).toBe(0);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.message).toMatch(/storage is full: Not enough storage/);
    // Not remembered as synced: it goes again next time.
    expect(Object.keys(state.records)).toEqual([]);
  });

  it('says why an item of a push was refused for the quota', async () => {
    const dir = await folderWithNote();
    const sync = new CategorySync(
      {
        api: api((items) =>
          items.map((item) => ({
            id: item.id,
            status: 'rejected' as const,
            error: { code: 'insufficient_storage', message: full.message },
          })),
        ),
        dir,
        format: new NotesFolder(dir),
        progress: silentProgress,
      },
      undefined,
    );
    const { report } = await sync.run();
    expect(report.rejected[0]?.message).toMatch(/storage is full/);
  });
});
