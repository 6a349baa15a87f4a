import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes SQLite's write-ahead log durable off the event loop. SQLite runs with `synchronous =
 * NORMAL`: a commit writes its frames to the WAL without an fsync (checkpoints still sync), and the
 * driver calls `flush()` before the caller hears that the commit happened. The fsync runs on
 * libuv's thread pool, so the event loop keeps serving while the disk catches up, and commits that
 * land while one sync is running share the next one (group commit).
 */
export class WalFlusher {
  private handle: fs.FileHandle | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly walFile: string) {}

  /** Resolves once everything written to the WAL before this call is on stable storage. */
  flush(): Promise<void> {
    // A sync already running may have started before these frames were written: the next one
    // covers them, and every caller until it starts shares it.
    if (this.queued !== null) return this.queued;
    if (this.running === null) return this.start();
    const after = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    this.queued = after;
    return after;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.handle?.close();
    this.handle = null;
  }

  private start(): Promise<void> {
    this.queued = null;
    const sync = this.sync().finally(() => {
      if (this.running === sync) this.running = null;
    });
    this.running = sync;
    return sync;
  }

  private async sync(): Promise<void> {
    if (this.handle === null) {
      // The WAL exists once anything was written to it (a statement such as a pragma may count as
      // a write and write nothing); its directory entry is made durable once.
      const handle = await fs.open(this.walFile, 'r').catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      });
      if (handle === null) return;
      this.handle = handle;
      const folder = await fs.open(path.dirname(this.walFile), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    }
    await this.handle.datasync();
  }
}
