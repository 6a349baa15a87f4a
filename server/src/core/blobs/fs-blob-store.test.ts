import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError, openFsBlobStore, tempHostTag, withLocalFile } from './index.js';
import { describeBlobStoreContract, expectSameBytes, sha256Of } from './blob-store.conformance.js';

const MiB = 1024 * 1024;

/** Every file below `dir`, relative to it; directories alone do not count. */
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)).map((file) => join(entry.name, file)));
    else files.push(relative(dir, path));
  }
  return files.sort();
}

const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
const children: ChildProcess[] = [];
function killChildren(): void {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Polls until the child's temp file has bytes; fails fast with the child's stderr if it exits first. */
async function waitForTempFile(storeRoot: string, child: ChildProcess, stderr: () => string): Promise<string> {
  const tmp = join(storeRoot, 'tmp');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`writer exited with ${child.exitCode}: ${stderr()}`);
    const names = await readdir(tmp).catch(() => []);
    for (const name of names.filter((n) => n.startsWith(`${tempHostTag()}-${child.pid}-`))) {
      if ((await stat(join(tmp, name))).size > 0) return name;
    }
    await sleep(25);
  }
  throw new Error(`writer made no temp file within 30 s: ${stderr()}`);
}

/** Runs the crash-writer fixture on the store at `storeRoot` and SIGKILLs it once its temp file has bytes. */
async function killWriterMidWrite(storeRoot: string): Promise<{ tempName: string; pid: number | undefined }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, storeRoot], {
    cwd: dirname(fixture),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const tempName = await waitForTempFile(storeRoot, child, () => stderr);
  child.kill('SIGKILL');
  expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
  return { tempName, pid: child.pid };
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nimbus-blobs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FsBlobStore', () => {
  it('stores a stream and reads it back byte-identical, under objects/ab/cd/<sha256>', async () => {
    const store = await openFsBlobStore(root);
    const content = randomBytes(300_000);
    const stored = await store.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]));

    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length });
    expectSameBytes(await buffer(await store.get(stored.sha256)), content);
    const { sha256 } = stored;
    expect(await listFiles(join(root, 'objects'))).toEqual([join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('check() passes on a healthy store and throws when it cannot write', async () => {
    const store = await openFsBlobStore(root);
    await expect(store.check()).resolves.toBeUndefined();
    expect(await readdir(join(root, 'tmp'))).toEqual([]);

    await rm(join(root, 'tmp'), { recursive: true });
    await expect(store.check()).rejects.toThrow();
  });

  it('streams 256 MiB with flat memory', async () => {
    const store = await openFsBlobStore(root);
    const chunkSize = 64 * 1024;
    const chunks = (256 * MiB) / chunkSize;
    const expected = createHash('sha256');
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    async function* generated() {
      for (let i = 0; i < chunks; i++) {
        const chunk = Buffer.allocUnsafe(chunkSize).fill(i % 251);
        chunk.writeUInt32BE(i); // so no two chunks are alike
        expected.update(chunk);
        sample();
        yield chunk;
        await nextTurn(); // lets the sampling timer run too
      }
    }

    const timer = setInterval(sample, 5);
    const stored = await store.put(generated()).finally(() => clearInterval(timer));
    sample();

    expect(stored).toEqual({ sha256: expected.digest('hex'), size: 256 * MiB });
    expect((await stat(store.objectPath(stored.sha256))).size).toBe(256 * MiB);
    expect(peak - baseline).toBeLessThan(64 * MiB);
  });
});

describe('FsBlobStore after a crash', () => {
  afterEach(killChildren);

  it('a SIGKILLed writer exposes no partial blob, and the next open sweeps its temp file', async () => {
    const { tempName, pid } = await killWriterMidWrite(root);
    expect(tempName).toMatch(new RegExp(`^${tempHostTag()}-${pid}-[0-9a-f]{16}\\.part$`));

    expect(await listFiles(join(root, 'objects'))).toEqual([]);
    expect((await stat(join(root, 'tmp', tempName))).size).toBeGreaterThan(0);

    const store = await openFsBlobStore(root);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    await expect(store.check()).resolves.toBeUndefined();
    const content = randomBytes(3 * MiB + 17);
    const stored = await store.put(Readable.from([content]));
    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length });
    expectSameBytes(await buffer(await store.get(stored.sha256)), content);
  });

  it('names temp files after the host, cut to [A-Za-z0-9-] and 63 characters', () => {
    expect(tempHostTag('node-1')).toBe('node-1');
    expect(tempHostTag('3f2a9c0b7d1e')).toBe('3f2a9c0b7d1e'); // a container id
    // Anything changed gets a hash of the original, so names differing only there stay apart.
    expect(tempHostTag('node-1.example.com')).toMatch(/^node-1-example-com-[0-9a-f]{8}$/);
    expect(tempHostTag('node-1.example.com')).not.toBe(tempHostTag('node-1-example.com'));
    expect(tempHostTag('хост')).toMatch(/^-{4}-[0-9a-f]{8}$/);
    expect(tempHostTag('')).toMatch(/^-[0-9a-f]{8}$/);
    const long = tempHostTag(`${'a'.repeat(60)}-pod-1`);
    expect(long).toHaveLength(63);
    expect(long).not.toBe(tempHostTag(`${'a'.repeat(60)}-pod-2`));
    for (const tag of [tempHostTag(), long, tempHostTag('a.b_c d')]) expect(tag).toMatch(/^[A-Za-z0-9-]{1,63}$/);
    expect(tempHostTag()).toBe(tempHostTag(hostname()));
  });

  it('open keeps the temp file of a live writer and removes that of a dead one', async () => {
    const tmp = join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const live = `${tempHostTag()}-${process.pid}-0123456789abcdef.part`;
    const dead = `${tempHostTag()}-${deadPid}-456789abcdef0123.part`;
    await writeFile(join(tmp, live), 'upload in progress');
    await writeFile(join(tmp, dead), 'abandoned');

    await openFsBlobStore(root);
    expect(await readdir(tmp)).toEqual([live]);
  });

  it("keeps another host's fresh temp file whatever its pid means here, and removes it after 24 h", async () => {
    // A data volume shared between containers or machines: that pid belongs to the other host.
    const tmp = join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const ownDead = `${tempHostTag()}-${deadPid}-0123456789abcdef.part`;
    const foreign = `${tempHostTag('other-node')}-${deadPid}-456789abcdef0123.part`;
    const foreignStale = `${tempHostTag('other-node')}-${deadPid}-89abcdef01234567.part`;
    for (const name of [ownDead, foreign, foreignStale]) await writeFile(join(tmp, name), 'upload');
    const dayAndAnHourAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(join(tmp, foreignStale), dayAndAnHourAgo, dayAndAnHourAgo);

    const store = await openFsBlobStore(root);
    expect(await readdir(tmp)).toEqual([foreign]);
    expect(await store.sweepTemp(Date.now() + 25 * 60 * 60 * 1000)).toEqual([foreign]);
  });

  it('judges temp files named without a host, as before, by age alone', async () => {
    const tmp = join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const fresh = `${deadPid}-4567cdef01234567.part`;
    const stale = `${process.pid}-89abcdef01234567.part`;
    await writeFile(join(tmp, fresh), 'maybe another host');
    await writeFile(join(tmp, stale), 'stalled');
    const dayAndAnHourAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(join(tmp, stale), dayAndAnHourAgo, dayAndAnHourAgo);

    await openFsBlobStore(root);
    expect(await readdir(tmp)).toEqual([fresh]);
  });

  it('open removes temp files untouched for over 24 h whatever their pid, since pids get reused', async () => {
    const tmp = join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const stale = `${tempHostTag()}-${process.pid}-89abcdef01234567.part`;
    const foreign = 'left-by-hand.txt';
    await writeFile(join(tmp, stale), 'stalled');
    await writeFile(join(tmp, foreign), 'not ours, but fresh');
    const dayAndAnHourAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(join(tmp, stale), dayAndAnHourAgo, dayAndAnHourAgo);

    await openFsBlobStore(root);
    expect(await readdir(tmp)).toEqual([foreign]);
  });
});

describeBlobStoreContract('FsBlobStore', async () => {
  const storeRoot = await mkdtemp(join(tmpdir(), 'nimbus-blobs-contract-'));
  return {
    store: await openFsBlobStore(storeRoot),
    blobs: async () => (await listFiles(join(storeRoot, 'objects'))).map((file) => basename(file)).sort(),
    staged: () => readdir(join(storeRoot, 'tmp')),
    async crashWriter() {
      await killWriterMidWrite(storeRoot);
      return openFsBlobStore(storeRoot);
    },
    async close() {
      killChildren();
      await rm(storeRoot, { recursive: true, force: true });
    },
  };
});

describe('withLocalFile on FsBlobStore', () => {
  it('hands tools the blob file itself, and says when the blob is not stored', async () => {
    const store = await openFsBlobStore(root);
    const { sha256 } = await store.put(Readable.from([Buffer.from('a photo')]));
    expect(await withLocalFile(store, sha256, (path) => Promise.resolve(path))).toBe(store.objectPath(sha256));
    await expect(withLocalFile(store, sha256Of(Buffer.from('gone')), () => Promise.resolve())).rejects.toBeInstanceOf(
      BlobNotFoundError,
    );
  });
});
