import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertSha256, BlobNotFoundError, type BlobStore } from './blob-store.js';

/**
 * Runs `work` on the blob's bytes as a file, for tools that only read files (sharp, ffprobe,
 * ffmpeg): the store's own file where it has one (localPath), otherwise a private temporary copy
 * streamed from the store and removed once `work` settles, whatever it does. The file is named by
 * the sha256 alone, as the store's own are, so no tool is swayed by an extension. Throws
 * BlobNotFoundError when the blob is not stored, and whatever `work` throws.
 */
export async function withLocalFile<T>(
  store: BlobStore,
  sha256: string,
  work: (path: string) => Promise<T>,
): Promise<T> {
  assertSha256(sha256);
  if (store.localPath !== undefined) {
    if ((await store.stat(sha256)) === null) throw new BlobNotFoundError(sha256);
    return work(store.localPath(sha256));
  }
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-blob-'));
  try {
    const path = join(dir, sha256);
    await pipeline(await store.get(sha256), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    return await work(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
