import fs from 'node:fs/promises';
import path from 'node:path';
import type { Category } from '@nimbus/protocol';
import { writeFileAtomic } from './atomic-file.js';

export const CONFLICTS_DIR = 'conflicts';

/**
 * Saves the folder's side of a conflict as conflicts/<category>-<id>.<extension>; an earlier copy
 * is never overwritten (the next one is -2, -3, …). Answers the path relative to the folder.
 */
export async function saveConflictCopy(
  dir: string,
  category: Category,
  id: string,
  copy: { extension: string; text: string },
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const name = `${category}-${id}${attempt === 1 ? '' : `-${attempt}`}.${copy.extension}`;
    const relative = path.join(CONFLICTS_DIR, name);
    const exists = await fs.stat(path.join(dir, relative)).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await writeFileAtomic(path.join(dir, relative), copy.text);
    return relative;
  }
}
