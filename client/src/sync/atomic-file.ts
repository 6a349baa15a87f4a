import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file whole: the text goes to a temp file beside it, is flushed to disk, then renamed
 * over the old one. A crash or Ctrl-C leaves the old file or the new one, never half of either.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

/** The file's text, or null when there is no such file. */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes only when the text differs from what the file holds: an unchanged file keeps its time. */
export async function writeIfChanged(file: string, text: string): Promise<boolean> {
  if ((await readTextOrNull(file)) === text) return false;
  await writeFileAtomic(file, text);
  return true;
}
