import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { HOUR } from '../../core/time.js';

interface RunningHash {
  /** How many bytes from the start the hash has seen, all of them written. */
  offset: number;
  hash: Hash;
  /** When it was last fed; an upload untouched past its expiry is forgotten. */
  touched: number;
}

/** Past this an unfinished upload has expired anyway: its hash is dropped. */
const FORGET_AFTER_MS = 25 * HOUR;

/**
 * tus's file store, hashing each upload's bytes on their way to disk: a file received by this
 * process from its first byte to its last is checked without being read again. A hash is only as
 * good as the bytes it saw: any failed write, a PATCH at another offset (the upload went on elsewhere
 * or after a restart) or a lost process leaves no hash, and the file is read once at the end instead.
 */
export class HashingFileStore extends FileStore {
  private readonly running = new Map<string, RunningHash>();

  override async create(...args: Parameters<FileStore['create']>) {
    const upload = await super.create(...args);
    const now = Date.now();
    for (const [id, running] of this.running) if (now - running.touched > FORGET_AFTER_MS) this.running.delete(id);
    this.running.set(upload.id, { offset: 0, hash: createHash('sha256'), touched: now });
    return upload;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const running = this.running.get(id);
    this.running.delete(id);
    if (running?.offset !== offset) return super.write(readable, id, offset);
    const hashing = Readable.from(
      (async function* () {
        for await (const chunk of readable) {
          running.hash.update(chunk as Buffer);
          yield chunk as Buffer;
        }
      })(),
    );
    const written = await super.write(hashing, id, offset);
    this.running.set(id, { offset: written, hash: running.hash, touched: Date.now() });
    return written;
  }

  override async remove(id: string): Promise<void> {
    this.running.delete(id);
    await super.remove(id);
  }

  /** The SHA-256 of a finished upload of `size` bytes, when this process saw all of them; forgets it. */
  takeDigest(id: string, size: number): string | undefined {
    const running = this.running.get(id);
    this.running.delete(id);
    return running?.offset === size ? running.hash.digest('hex') : undefined;
  }
}
