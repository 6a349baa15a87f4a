import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';

/**
 * The SHA-256 of a file as lowercase hex, read as a stream (memory stays flat for any size);
 * `onBytes` hears of each slice read.
 */
export async function hashFile(file: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        onBytes?.(chunk.length);
        yield chunk;
      }
    },
    hash,
    signal === undefined ? {} : { signal },
  );
  return hash.digest('hex');
}
