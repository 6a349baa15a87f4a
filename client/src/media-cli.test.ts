import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MediaItem } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  jpeg,
  lastMessageTo,
  listen,
  ManualClock,
  MINUTE,
  owner,
  PASSWORD,
  sixDigitCode,
  type TestApp,
  testDialects,
} from '../../server/src/test/index.js';
import { formatBytes } from './progress.js';
import { MemoryTokenKeeper, NimbusClient } from './sdk.js';
import { nimbus, type Run } from './cli-run.test-helpers.js';

const SLOW = 240_000;
const MB = 1024 * 1024;

const succeeded = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A tiny valid WAV: 16-bit mono PCM, `samples` of a square wave. */
function wav(samples = 8000, seed = 0): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE((Math.floor(i / (20 + seed)) % 2 === 0 ? 1 : -1) * 8000, i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Random bytes written in slices, so the test itself stays small in memory. */
async function randomFile(file: string, size: number): Promise<string> {
  const handle = await fs.open(file, 'w');
  const hash = createHash('sha256');
  for (let written = 0; written < size; written += 4 * MB) {
    const slice = randomBytes(Math.min(4 * MB, size - written));
    hash.update(slice);
    await handle.write(slice);
  }
  await handle.close();
  return hash.digest('hex');
}

/**
 * A slow network between the CLI and the server: a TCP proxy passing at most `bytesPerSecond`
 * upstream, so a test can interrupt an upload half-way.
 */
async function slowLink(target: string, bytesPerSecond: number): Promise<{ url: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    let due = Date.now();
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      due = Math.max(due, Date.now()) + (chunk.length / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 5) {
        client.pause();
        setTimeout(() => client.resume(), wait);
      }
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Device {
  env: Record<string, string>;
  base: string;
  dir: string;
  config: string;
  api(): Promise<NimbusClient>;
  token(): Promise<string>;
}

describe.each(testDialects())('nimbus upload and media folders on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0));
  let test: TestApp;
  let url: string;
  let root: string;
  let ipCounter = 0;
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      clock,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_FREE_QUOTA: '300MB' },
    });
    url = await listen(test.app);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-media-cli-'));
  });
  afterAll(async () => {
    await test.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** A new account and a device signed in to it by `nimbus login` at `serverUrl`, registered. */
  async function device(email: string, serverUrl = url): Promise<Device> {
    await owner(test.app, email, `10.41.0.${++ipCounter}`);
    const base = await fs.mkdtemp(path.join(root, 'device-'));
    const config = path.join(base, 'config');
    const env = { NIMBUS_CONFIG_DIR: config };
    const login = await nimbus(['login', '--url', serverUrl, '--name', 'laptop'], env, [
      ['E-mail, phone or account number: ', () => Promise.resolve(email)],
      ['Password: ', () => Promise.resolve(PASSWORD)],
      ['Code: ', async () => sixDigitCode((await lastMessageTo(test.app, email)).text)],
    ]);
    expect(succeeded(login)).toContain('Signed in to account');
    succeeded(await nimbus(['device', 'register', '--name', 'laptop', '--model', 'Test 1'], env));
    const tokens = async () =>
      JSON.parse(await fs.readFile(path.join(config, 'credentials.json'), 'utf8')) as {
        accessToken: string;
        refreshToken: string;
      };
    return {
      env,
      base,
      config,
      dir: path.join(base, 'phone'),
      api: async () => new NimbusClient(url, new MemoryTokenKeeper(await tokens())),
      token: async () => (await tokens()).accessToken,
    };
  }

  async function write(file: string, bytes: Buffer | string): Promise<string> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes);
    return file;
  }

  /**
   * The SHA-256 of an item's bytes as the server gives them back. The connection closes with the
   * answer: a kept-alive one the server finishes a moment after the test would hold its close.
   */
  async function downloaded(phone: Device, id: string): Promise<string> {
    const token = await phone.token();
    return new Promise((resolve, reject) => {
      const request = http.get(
        `${url}/api/v1/media/items/${id}/content`,
        { headers: { authorization: `Bearer ${token}` }, agent: false },
        (response) => {
          if (response.statusCode !== 200) reject(new Error(`content answered ${response.statusCode}`));
          const hash = createHash('sha256');
          response.on('data', (chunk: Buffer) => hash.update(chunk));
          response.on('end', () => resolve(hash.digest('hex')));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
    });
  }

  /** Where the server stands with an upload (tus HEAD), or null when it no longer knows it. */
  async function serverOffset(phone: Device, uploadUrl: string): Promise<number | null> {
    const response = await fetch(uploadUrl.replace(/^http:\/\/[^/]+/, url), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${await phone.token()}`, 'tus-resumable': '1.0.0' },
    });
    if (response.status === 404) return null;
    expect(response.status).toBe(200);
    return Number(response.headers.get('upload-offset'));
  }

  /** The unfinished uploads a state file remembers. */
  async function unfinished(file: string): Promise<{ url: string; path: string }[]> {
    const text = await fs.readFile(file, 'utf8').catch(() => '{"uploads":[]}');
    return (JSON.parse(text) as { uploads: { url: string; path: string }[] }).uploads;
  }

  /**
   * Interrupts the child with `signal` once the server holds at least `bytes` of the upload the
   * state file names (with null: only waits until then).
   */
  async function interruptAfter(
    phone: Device,
    stateFile: string,
    child: ChildProcess,
    bytes: number,
    signal: NodeJS.Signals | null,
  ) {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [upload] = await unfinished(stateFile);
      if (upload === undefined) continue;
      const offset = await serverOffset(phone, upload.url);
      if (offset !== null && offset >= bytes) {
        if (signal !== null) child.kill(signal);
        return;
      }
    }
  }

  async function gallery(api: NimbusClient): Promise<MediaItem[]> {
    const response = await fetch(`${url}/api/v1/media/gallery`, {
      headers: { authorization: `Bearer ${await api.deviceAccessToken()}` },
    });
    return ((await response.json()) as { items: MediaItem[] }).items;
  }

  it(
    'uploads photos, a recording and a file, asks first the second time, and refuses what a section does not take',
    { timeout: SLOW },
    async () => {
      const phone = await device('media.upload@example.org');
      const photo = await write(path.join(phone.base, 'IMG_0001.jpg'), await jpeg(320, 240, 1));
      const trip = await write(path.join(phone.base, 'beach.jpg'), await jpeg(200, 150, 2));
      const memo = await write(path.join(phone.base, 'Memo 1.wav'), wav());
      const invoice = await write(path.join(phone.base, 'invoice.pdf'), '%PDF-1.4\n% an invoice\n');

      expect(succeeded(await nimbus(['upload', photo], phone.env))).toBe(
        `uploaded ${photo} (${formatBytes((await fs.stat(photo)).size)})\n1 uploaded (${formatBytes((await fs.stat(photo)).size)} sent), 0 already there\n`,
      );
      succeeded(await nimbus(['upload', '--album', 'Trips', trip], phone.env));
      succeeded(await nimbus(['upload', '--section', 'recordings', memo], phone.env));
      const filed = succeeded(
        await nimbus(['upload', '--section', 'files', '--folder', 'Docs/2026', invoice], phone.env),
      );
      expect(filed).toContain(`uploaded ${invoice}`);

      const api = await phone.api();
      const photos = await gallery(api);
      expect(photos.map((item) => [item.name, item.album, item.kind]).sort()).toEqual([
        ['IMG_0001.jpg', 'camera', 'photo'],
        ['beach.jpg', 'Trips', 'photo'],
      ]);
      const recordings = (await api.listRecordings()).items;
      expect(recordings).toMatchObject([{ name: 'Memo 1.wav', kind: 'audio', title: 'Memo 1', section: 'recordings' }]);
      const docs = (await api.filesFolder()).folders.find((folder) => folder.name === 'Docs');
      const year = (await api.filesFolder(docs?.id ?? null)).folders.find((folder) => folder.name === '2026');
      const [pdf] = (await api.filesFolder(year?.id ?? null)).files;
      expect(pdf).toMatchObject({ name: 'invoice.pdf', section: 'files' });
      for (const [file, item] of [
        [photo, photos.find((entry) => entry.name === 'IMG_0001.jpg')],
        [memo, recordings[0]],
        [invoice, pdf],
      ] as const) {
        expect(await downloaded(phone, item?.id ?? '')).toBe(sha256(await fs.readFile(file)));
      }

      // Again: the server has every hash, nothing is sent and nothing is added.
      const before = await api.storage();
      const again = succeeded(await nimbus(['upload', '--section', 'recordings', memo], phone.env));
      expect(again).toBe(`already there: ${memo} (nothing sent)\n0 uploaded (0 B sent), 1 already there\n`);
      const twice = succeeded(await nimbus(['upload', photo, trip], phone.env));
      expect(twice).toContain('0 uploaded (0 B sent), 2 already there');
      succeeded(await nimbus(['upload', '--section', 'files', '--folder', 'Docs/2026', invoice], phone.env));
      expect(await api.storage()).toEqual(before);
      expect((await api.listRecordings()).items).toHaveLength(1);
      expect(await gallery(api)).toHaveLength(2);
      expect((await api.filesFolder(year?.id ?? null)).files).toHaveLength(1);

      // A text in the gallery, and a file bigger than the space left: said plainly, nothing kept.
      const text = await write(path.join(phone.base, 'notes.txt'), 'not a photo\n');
      const big = path.join(phone.base, 'huge.mp4');
      await fs.writeFile(big, '');
      await fs.truncate(big, 400 * 1000 * 1000);
      const refused = await nimbus(['upload', text, photo], phone.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `^nimbus: ${text.replace(/[.]/g, '\\.')} not uploaded: The gallery keeps photos and videos; this file is \\S+\\.\n$`,
        ),
      );
      expect(refused.stdout).toContain('0 uploaded (0 B sent), 1 already there, 1 not uploaded');
      const tooBig = await nimbus(['upload', '--section', 'files', big], phone.env);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toMatch(/not uploaded: no room: .+/);
      const after = await api.storage();
      expect(after.usedBytes).toBe(before.usedBytes);
      expect(after.breakdown.uploads).toBe(0);
      expect(await unfinished(path.join(phone.config, 'uploads.json'))).toEqual([]);
    },
  );

  it(
    'syncs gallery/, recordings/ and files/ of a folder up, next to the records, and reads unchanged files no more',
    { timeout: SLOW },
    async () => {
      const phone = await device('media.sync@example.org');
      const camera = await write(path.join(phone.dir, 'gallery/IMG_0002.jpg'), await jpeg(300, 200, 3));
      // A whole second, so the test can put the very same time back after changing the bytes.
      const taken = 1_796_000_000;
      await fs.utimes(camera, taken, taken);
      await write(path.join(phone.dir, 'gallery/Screenshots/screen.jpg'), await jpeg(180, 320, 4));
      await write(path.join(phone.dir, 'gallery/readme.txt'), 'photos go here\n');
      await write(path.join(phone.dir, 'recordings/call +49 151 1.wav'), wav(4000, 1));
      await write(path.join(phone.dir, 'files/a/b.txt'), 'first version\n');
      await fs.mkdir(path.join(phone.dir, 'files/empty'), { recursive: true });

      const first = await nimbus(['sync', phone.dir], phone.env);
      expect(first.code).toBe(1);
      expect(first.stderr).toBe('');
      const lines = first.stdout.split('\n');
      expect(lines).toContain('contacts: 0 up, 0 down, 0 conflicts');
      expect(lines).toContain(
        '  gallery/readme.txt not uploaded: The gallery keeps photos and videos; this file is application/octet-stream.',
      );
      expect(first.stdout).toMatch(/^gallery: 2 uploaded \(\S+ \S+ sent\), 0 already there, 1 not uploaded$/m);
      expect(first.stdout).toMatch(/^recordings: 1 uploaded \(\S+ \S+ sent\), 0 already there$/m);
      expect(first.stdout).toMatch(/^files: 1 uploaded \(14 B sent\), 0 already there$/m);

      const api = await phone.api();
      expect((await gallery(api)).map((item) => [item.name, item.album]).sort()).toEqual([
        ['IMG_0002.jpg', 'camera'],
        ['screen.jpg', 'Screenshots'],
      ]);
      expect((await api.listRecordings()).items).toMatchObject([{ name: 'call +49 151 1.wav', kind: 'audio' }]);
      const rootFolder = await api.filesFolder();
      expect(rootFolder.folders.map((folder) => folder.name)).toEqual(['a', 'empty']);
      const a = rootFolder.folders.find((folder) => folder.name === 'a');
      const [b] = (await api.filesFolder(a?.id ?? null)).files;
      expect(b).toMatchObject({ name: 'b.txt', folderId: a?.id });
      expect(await downloaded(phone, b?.id ?? '')).toBe(sha256(Buffer.from('first version\n')));

      // Unchanged (same size and time): nothing is read or sent, even when the bytes were swapped
      // behind the sync's back; the refused file is named again without being sent.
      const original = await fs.readFile(camera);
      await fs.writeFile(camera, Buffer.alloc(original.length, 7));
      await fs.utimes(camera, taken, taken);
      const second = await nimbus(['sync', phone.dir], phone.env);
      await fs.writeFile(camera, original);
      await fs.utimes(camera, taken, taken);
      expect(second.code).toBe(1);
      expect(second.stdout).toMatch(/^gallery: 0 uploaded \(0 B sent\), 0 already there, 1 not uploaded$/m);
      expect(second.stdout).toContain('gallery/readme.txt not uploaded: The gallery keeps photos and videos');
      expect(second.stdout).toContain('recordings: nothing new');
      expect(second.stdout).toContain('files: nothing new');

      // A changed file replaces the server's copy (the old one goes to the recycle bin).
      await fs.rm(path.join(phone.dir, 'gallery/readme.txt'));
      await write(path.join(phone.dir, 'files/a/b.txt'), 'second version\n');
      const third = succeeded(await nimbus(['sync', phone.dir], phone.env));
      expect(third).toMatch(/^files: 1 uploaded \(15 B sent\), 0 already there$/m);
      expect(third).toContain('gallery: nothing new');
      const [newB] = (await api.filesFolder(a?.id ?? null)).files;
      expect(await downloaded(phone, newB?.id ?? '')).toBe(sha256(Buffer.from('second version\n')));
      expect(succeeded(await nimbus(['sync', phone.dir, '--no-media'], phone.env))).not.toContain('gallery');

      const help = succeeded(await nimbus(['sync', '--help'], phone.env));
      expect(help).toContain('gallery/ ');
      expect(help).toContain('recordings/ ');
      expect(help).toContain('files/ ');
    },
  );

  describe('resuming a large upload over a slow link', () => {
    let link: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      link = await slowLink(url, 16 * MB);
    });
    afterAll(() => link.close());

    it(
      'continues `nimbus upload` after Ctrl-C from the server offset, to the same bytes',
      { timeout: SLOW },
      async () => {
        const phone = await device('media.resume@example.org', link.url);
        const file = path.join(phone.base, 'video.bin');
        const size = 64 * MB;
        const hash = await randomFile(file, size);
        const state = path.join(phone.config, 'uploads.json');

        let child: ChildProcess | undefined;
        const stopped = await Promise.all([
          nimbus(['upload', '--section', 'files', file], phone.env, [], (started) => (child = started)),
          (async () => {
            while (child === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
            await interruptAfter(phone, state, child, 12 * MB, 'SIGINT');
          })(),
        ]).then(([run]) => run);
        expect(stopped.code).toBe(130);
        expect(stopped.stderr).toContain('nimbus: stopped; run the same command again to continue where it stopped');
        const [remembered] = await unfinished(state);
        expect(remembered?.path).toBe(file);
        const offset = (await serverOffset(phone, remembered?.url ?? '')) ?? 0;
        expect(offset).toBeGreaterThanOrEqual(12 * MB);
        expect(offset).toBeLessThan(size);

        // The access token expires on the way (a long upload outlives its 15 minutes): it is refreshed.
        const token = await phone.token();
        let again: ChildProcess | undefined;
        const resumed = succeeded(
          await Promise.all([
            nimbus(['upload', '--section', 'files', file], phone.env, [], (started) => (again = started)),
            (async () => {
              while (again === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
              await interruptAfter(phone, state, again, offset + 8 * MB, null);
              clock.advance(16 * MINUTE);
            })(),
          ]).then(([run]) => run),
        );
        expect(await phone.token()).not.toBe(token);
        expect(resumed).toContain(`${file}: continuing from ${formatBytes(offset)} of ${formatBytes(size)}`);
        expect(resumed).toContain(
          `uploaded ${file} (${formatBytes(size)}, continued from ${formatBytes(offset)}: ${formatBytes(size - offset)} sent)`,
        );
        expect(await unfinished(state)).toEqual([]);
        const [item] = (await (await phone.api()).filesFolder()).files;
        expect(item).toMatchObject({ name: 'video.bin', size });
        expect(await downloaded(phone, item?.id ?? '')).toBe(hash);
      },
    );

    it('continues `nimbus sync` after the process is killed, to the same bytes', { timeout: SLOW }, async () => {
      const phone = await device('media.killed@example.org', link.url);
      const size = 48 * MB;
      await fs.mkdir(path.join(phone.dir, 'files/videos'), { recursive: true });
      const hash = await randomFile(path.join(phone.dir, 'files/videos/clip.bin'), size);
      const state = path.join(phone.dir, '.nimbus/uploads.json');

      let child: ChildProcess | undefined;
      const killed = await Promise.all([
        nimbus(['sync', phone.dir], phone.env, [], (started) => (child = started)),
        (async () => {
          while (child === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
          await interruptAfter(phone, state, child, 8 * MB, 'SIGKILL');
        })(),
      ]).then(([run]) => run);
      expect(killed.signal).toBe('SIGKILL');
      const [remembered] = await unfinished(state);
      const offset = (await serverOffset(phone, remembered?.url ?? '')) ?? 0;
      expect(offset).toBeGreaterThanOrEqual(8 * MB);
      expect(offset).toBeLessThan(size);

      const resumed = succeeded(await nimbus(['sync', phone.dir], phone.env));
      expect(resumed).toContain(
        `files/videos/clip.bin: continuing from ${formatBytes(offset)} of ${formatBytes(size)}`,
      );
      expect(resumed).toContain(`files: 1 uploaded (${formatBytes(size - offset)} sent), 0 already there`);
      expect(await unfinished(state)).toEqual([]);
      const api = await phone.api();
      const videos = (await api.filesFolder()).folders.find((folder) => folder.name === 'videos');
      const [item] = (await api.filesFolder(videos?.id ?? null)).files;
      expect(item).toMatchObject({ name: 'clip.bin', size });
      expect(await downloaded(phone, item?.id ?? '')).toBe(hash);
      expect(succeeded(await nimbus(['sync', phone.dir], phone.env))).toContain('files: nothing new');
    });
  });
});
