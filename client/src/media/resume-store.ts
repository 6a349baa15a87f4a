import fs from 'node:fs/promises';
import path from 'node:path';
import { Sha256Schema, UPLOAD_EXPIRY_HOURS } from '@nimbus/protocol';
import { z } from 'zod';
import { withLock } from '../lock-file.js';

const EntrySchema = z.object({
  /** The server and account the upload belongs to: a URL is never used with another's token. */
  server: z.string(),
  account: z.string(),
  /** The file, resolved, with the size and modification time it had when its hash was taken. */
  path: z.string(),
  size: z.number().int().min(0),
  mtimeMs: z.number(),
  sha256: Sha256Schema,
  url: z.url(),
  savedAt: z.number(),
});
export type UnfinishedUpload = z.infer<typeof EntrySchema>;
export type UploadKey = Pick<UnfinishedUpload, 'server' | 'account' | 'path' | 'size' | 'mtimeMs'>;

const FileSchema = z.object({ format: z.literal(1), uploads: z.array(EntrySchema) });

const EXPIRY_MS = UPLOAD_EXPIRY_HOURS * 3_600_000;
const sameFile = (entry: UploadKey, key: UploadKey) =>
  entry.server === key.server &&
  entry.account === key.account &&
  entry.path === key.path &&
  entry.size === key.size &&
  entry.mtimeMs === key.mtimeMs;

/**
 * The unfinished uploads of this device, in a file (0600) that outlives the process: each one's
 * URL by file (path, size, modification time) and SHA-256, saved before the upload's first byte.
 * A run after Ctrl-C or a crash finds it and continues from the server's offset. Entries older than
 * the server keeps unfinished uploads are dropped. Writes hold a lock file and re-read first, so
 * two processes never lose each other's entries.
 */
export class ResumeStore {
  constructor(readonly file: string) {}

  /** The unfinished upload of this file as it is now (same size and time), if any. */
  async find(key: UploadKey): Promise<UnfinishedUpload | undefined> {
    const found = (await this.read()).find((entry) => sameFile(entry, key));
    // A URL of another server is never followed: it would receive this server's token.
    if (found === undefined || new URL(found.url).origin !== new URL(key.server).origin) return undefined;
    return found;
  }

  async remember(entry: Omit<UnfinishedUpload, 'savedAt'>): Promise<void> {
    await this.change((entries) => [
      ...entries.filter((other) => !sameFile(other, entry)),
      { ...entry, savedAt: Date.now() },
    ]);
  }

  async forget(key: UploadKey): Promise<void> {
    await this.change((entries) => entries.filter((entry) => !sameFile(entry, key)));
  }

  private async read(): Promise<UnfinishedUpload[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = FileSchema.safeParse(json);
    // A damaged file costs only the head start of unfinished uploads: they begin again.
    if (!parsed.success) return [];
    const now = Date.now();
    return parsed.data.uploads.filter((entry) => now - entry.savedAt < EXPIRY_MS);
  }

  private async change(edit: (entries: UnfinishedUpload[]) => UnfinishedUpload[]): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await withLock(`${this.file}.lock`, 10_000, async () => {
      const uploads = edit(await this.read());
      const temp = `${this.file}.${process.pid}.tmp`;
      const handle = await fs.open(temp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify({ format: 1, uploads }, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.file);
    });
  }
}
