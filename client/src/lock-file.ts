import fs from 'node:fs/promises';

/** Another process holds the lock. */
export class LockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number | null,
  ) {
    super(`${file} is locked by ${pid === null ? 'another process' : `process ${pid}`}`);
    this.name = 'LockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holder(file: string): Promise<number | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Takes a lock file holding this process's id, created exclusively so two processes never both
 * hold it. A lock left by a process that no longer runs (killed, crashed) is taken over. Waits up
 * to `waitMs` for a live holder, then throws LockedError. Answers the function that releases it.
 */
export async function acquireLock(file: string, waitMs = 0): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = await holder(file);
    if (pid !== null && !alive(pid)) {
      await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new LockedError(file, pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `work` holding the lock. */
export async function withLock<T>(file: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(file, waitMs);
  try {
    return await work();
  } finally {
    await release();
  }
}
