import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg } from '../../test/index.js';
import { inspectFile } from './inspect.js';
import { decodes, MAX_DECODES, MAX_INPUT_PIXELS, runTool, Slots, ToolKilledError } from './media-limits.js';
import { ThumbnailStore, UndecodableError } from './thumbnails.js';

/** A PNG whose header says `width` × `height`, with one row of data: a decoder that starts reads junk. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nimbus-media-limits-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function fakeTool(name: string, script: string): Promise<string> {
  const bin = await mkdtemp(join(dir, 'bin-'));
  await writeFile(join(bin, name), `#!/bin/sh\n${script}\n`);
  await chmod(join(bin, name), 0o755);
  return bin;
}

const withPath = async <T>(bin: string, work: () => Promise<T>): Promise<T> => {
  const before = process.env.PATH;
  process.env.PATH = `${bin}:${before ?? ''}`;
  try {
    return await work();
  } finally {
    process.env.PATH = before;
  }
};

describe('decoding limits', () => {
  it('refuses a 120-megapixel image at its header, without decoding it', async () => {
    expect(MAX_INPUT_PIXELS).toBeLessThanOrEqual(100_000_000);
    const file = join(dir, 'huge.png');
    await writeFile(file, pngClaiming(12_000, 10_000));
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const made = store.make('a'.repeat(64), file, 'photo', new AbortController().signal);
    await expect(made).rejects.toBeInstanceOf(UndecodableError);
    // sharp stops at the header's size; a decode that started would fail on the missing rows instead.
    await expect(made).rejects.toThrow(/pixel limit/);
    expect(await inspectFile(file)).toMatchObject({ kind: 'photo', width: null, height: null });
  });

  it('decodes at most two files at once, however many thumbnails are asked for together', async () => {
    expect(MAX_DECODES).toBe(2);
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const files = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const file = join(dir, `photo-${index}.jpg`);
        await writeFile(file, await jpeg(800, 600, index));
        return file;
      }),
    );
    decodes.peak = 0;
    const signal = new AbortController().signal;
    const made = await Promise.all(
      files.map((file, index) => store.make(String(index).repeat(64), file, 'photo', signal)),
    );
    expect(made).toEqual([true, true, true, true, true, true]);
    expect(decodes.peak).toBe(2);
    expect(decodes.inUse).toBe(0);
  });

  it('lets waiters through in order and frees the slot of a failed decode', async () => {
    const slots = new Slots(1);
    const order: number[] = [];
    const failing = slots.run(() => Promise.reject(new Error('broken file')));
    const later = [1, 2, 3].map((n) => slots.run(() => Promise.resolve(order.push(n))));
    await expect(failing).rejects.toThrow('broken file');
    await Promise.all(later);
    expect(order).toEqual([1, 2, 3]);
    expect(slots.peak).toBe(1);
    expect(slots.inUse).toBe(0);
  });

  it('kills ffmpeg (SIGKILL) when it runs past its time limit', async () => {
    // A decoder stuck on a crafted file: it ignores SIGTERM and never ends on its own.
    const bin = await fakeTool('ffmpeg', "trap '' TERM\nsleep 30");
    const started = Date.now();
    const run = withPath(bin, () =>
      runTool('ffmpeg', ['-i', 'x'], { timeoutMs: 300, memoryBytes: 512 * 1024 ** 2, maxOutput: 1024 }),
    );
    await expect(run).rejects.toBeInstanceOf(ToolKilledError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('runs ffprobe under an address-space limit set by the kernel', async () => {
    const bin = await fakeTool('ffprobe', 'ulimit -v');
    const { code, stdout } = await withPath(bin, () =>
      runTool('ffprobe', [], { timeoutMs: 5000, memoryBytes: 256 * 1024 ** 2, maxOutput: 1024 }),
    );
    expect(code).toBe(0);
    expect(stdout.toString().trim()).toBe(String(256 * 1024));
  });

  it('kills a tool that writes more than it may', async () => {
    const bin = await fakeTool('ffmpeg', 'yes');
    await expect(
      withPath(bin, () => runTool('ffmpeg', [], { timeoutMs: 5000, memoryBytes: 256 * 1024 ** 2, maxOutput: 4096 })),
    ).rejects.toThrow(/more than 4096 bytes/);
  });
});
