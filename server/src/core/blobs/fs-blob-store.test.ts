import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobChecksumMismatchError,
  BlobNotFoundError,
  BlobTooLargeError,
  InvalidBlobRangeError,
  InvalidSha256Error,
  openFsBlobStore,
  tempHostTag,
} from './index.js';

const MiB = 1024 * 1024;
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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

/** toEqual walks buffers byte by byte and takes seconds per MiB; compare natively, then say where they differ. */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  if (actual.equals(expected)) return;
  expect.fail(`bytes differ first at offset ${actual.findIndex((byte, i) => byte !== expected[i])}`);
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

  it('accepts any async iterable of bytes, and empty blobs', async () => {
    const store = await openFsBlobStore(root);
    async function* parts() {
      yield new TextEncoder().encode('hello, ');
      await nextTurn(); // arrives in pieces, like a network upload
      yield new TextEncoder().encode('nimbus');
    }
    const stored = await store.put(parts());
    expect(stored).toEqual({ sha256: sha256Of(Buffer.from('hello, nimbus')), size: 13 });
    expect((await buffer(await store.get(stored.sha256))).toString()).toBe('hello, nimbus');

    const empty = await store.put(Readable.from([]));
    expect(empty).toEqual({ sha256: sha256Of(new Uint8Array()), size: 0 });
    expect((await buffer(await store.get(empty.sha256))).length).toBe(0);
    await expect(store.get(empty.sha256, { start: 0, end: 0 })).rejects.toBeInstanceOf(InvalidBlobRangeError);
  });

  it('keeps one file for the same content put twice, also concurrently', async () => {
    const store = await openFsBlobStore(root);
    const content = randomBytes(50_000);
    const first = await store.put(Readable.from([content]));
    const again = await Promise.all([1, 2, 3].map(() => store.put(Readable.from([content]))));

    expect(again.map((blob) => blob.sha256)).toEqual([first.sha256, first.sha256, first.sha256]);
    expect(await listFiles(join(root, 'objects'))).toHaveLength(1);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expectSameBytes(await buffer(await store.get(first.sha256)), content);
  });

  it('reads inclusive byte ranges and rejects unsatisfiable ones', async () => {
    const store = await openFsBlobStore(root);
    const content = randomBytes(1000);
    const { sha256 } = await store.put(Readable.from([content]));

    for (const range of [
      { start: 0, end: 0 },
      { start: 100, end: 199 },
      { start: 999, end: 999 },
      { start: 0, end: 999 },
    ]) {
      const bytes = await buffer(await store.get(sha256, range));
      expectSameBytes(bytes, content.subarray(range.start, range.end + 1));
    }
    for (const range of [
      { start: 5, end: 4 },
      { start: 0, end: 1000 },
      { start: 1000, end: 1000 },
      { start: -1, end: 3 },
      { start: 1.5, end: 3 },
      { start: Number.NaN, end: 3 },
    ]) {
      await expect(store.get(sha256, range)).rejects.toBeInstanceOf(InvalidBlobRangeError);
    }
  });

  it('stats, checks existence of and deletes blobs', async () => {
    const store = await openFsBlobStore(root);
    const content = randomBytes(4321);
    const { sha256 } = await store.put(Readable.from([content]));
    const missing = sha256Of(Buffer.from('never stored'));

    expect(await store.stat(sha256)).toEqual({ sha256, size: 4321 });
    expect(await store.exists(sha256)).toBe(true);
    expect(await store.stat(missing)).toBeNull();
    expect(await store.exists(missing)).toBe(false);
    await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);

    expect(await store.delete(sha256)).toBe(true);
    expect(await store.delete(sha256)).toBe(false);
    expect(await store.exists(sha256)).toBe(false);
    await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await listFiles(join(root, 'objects'))).toEqual([]);
  });

  it('stores nothing when the content does not match expectedSha256', async () => {
    const store = await openFsBlobStore(root);
    const content = randomBytes(10_000);
    const claimed = sha256Of(Buffer.from('something else'));

    const failure = await store.put(Readable.from([content]), { expectedSha256: claimed }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BlobChecksumMismatchError);
    expect(failure).toMatchObject({ expected: claimed, actual: sha256Of(content) });
    expect(await store.exists(sha256Of(content))).toBe(false);
    expect(await listFiles(join(root, 'objects'))).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);

    const matching = await store.put(Readable.from([content]), { expectedSha256: sha256Of(content) });
    expect(matching.sha256).toBe(sha256Of(content));
  });

  it('aborts at maxBytes without draining the source and leaves no temp file', async () => {
    const store = await openFsBlobStore(root);
    let pulled = 0;
    async function* thousandKiB() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.alloc(1024, i % 256);
        await nextTurn();
      }
    }

    await expect(store.put(thousandKiB(), { maxBytes: 2500 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(pulled).toBeLessThan(1000);
    expect(await listFiles(join(root, 'objects'))).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);

    const exact = await store.put(Readable.from([Buffer.alloc(2500, 7)]), { maxBytes: 2500 });
    expect(exact.size).toBe(2500);
  });

  it('stores nothing when the source fails midway', async () => {
    const store = await openFsBlobStore(root);
    async function* broken() {
      yield randomBytes(1000);
      await nextTurn();
      throw new Error('connection reset');
    }
    await expect(store.put(broken())).rejects.toThrow('connection reset');
    expect(await listFiles(join(root, 'objects'))).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('rejects anything but 64 lowercase hex characters as a blob id', async () => {
    const store = await openFsBlobStore(root);
    const valid = sha256Of(Buffer.from('x'));
    const hostile = [
      '../../etc/passwd',
      `../../${valid.slice(6)}`,
      valid.toUpperCase(),
      valid.slice(1),
      `${valid}0`,
      `${valid}\n`,
      `${valid.slice(0, 63)}/`,
      '',
    ];
    for (const id of hostile) {
      await expect(store.get(id)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.stat(id)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.exists(id)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.delete(id)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.put(Readable.from([Buffer.from('x')]), { expectedSha256: id })).rejects.toBeInstanceOf(
        InvalidSha256Error,
      );
    }
    expect(await listFiles(join(root, 'objects'))).toEqual([]);
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
  const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** Polls until the child's temp file has bytes; fails fast with the child's stderr if it exits first. */
  async function waitForTempFile(child: ChildProcess, stderr: () => string): Promise<string> {
    const tmp = join(root, 'tmp');
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

  it('a SIGKILLed writer exposes no partial blob, and the next open sweeps its temp file', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, root], {
      cwd: dirname(fixture),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

    const tempName = await waitForTempFile(child, () => stderr);
    expect(tempName).toMatch(new RegExp(`^${tempHostTag()}-${child.pid}-[0-9a-f]{16}\\.part$`));
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

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
