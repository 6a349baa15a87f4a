import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FolderListing, MediaBin, MediaItem, Storage } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  jpeg,
  owner,
  putFile,
  sha256,
  type TestApp,
  TestDevice,
  testDialects,
} from '../../test/index.js';
import { DAY, HOUR, ManualClock } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.33.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe.each(testDialects())('the media recycle bin on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0));
  let test: TestApp;
  let phone: TestDevice;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    await owner(test.app, 'media.bin@example.org', nextIp());
    phone = await new TestDevice(test.app, nextIp()).connect('media.bin@example.org', 'Phone');
  });
  afterAll(() => test.close());

  /** Moves time on; the phone refreshes its 15-minute access token as a phone would. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await phone.refresh();
  };
  const storage = async () => (await phone.call('GET', '/api/v1/storage')).json<Storage>();
  const objectPath = (hash: string) =>
    path.join(test.dataDir, 'blobs', 'objects', hash.slice(0, 2), hash.slice(2, 4), hash);
  const upload = async (bytes: Buffer, item: Parameters<typeof putFile>[2]) => {
    const response = await putFile(phone, bytes, item);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ item: MediaItem }>().item;
  };
  const post = async (url: string, body: unknown) => {
    const response = await phone.call('POST', url, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: number; folders: number }>();
  };

  it('purges exactly what outlived the retention, and frees its space', async () => {
    const [a, b, c] = await Promise.all([jpeg(300, 200, 10), jpeg(300, 200, 11), jpeg(300, 200, 12)]);
    const kept = await upload(a, { section: 'gallery', name: 'kept.jpg' });
    const early = await upload(b, { section: 'gallery', name: 'early.jpg' });
    // The same bytes as `kept`, as a file: the blob stays while one item names it.
    const shared = await upload(a, { section: 'files', name: 'copy-of-kept.jpg' });
    await post('/api/v1/media/trash', { ids: [early.id, shared.id] });
    await advance(10 * DAY);
    const late = await upload(c, { section: 'gallery', name: 'late.jpg' });
    await post('/api/v1/media/trash', { ids: [late.id] });
    const before = await storage();
    expect(before.usedBytes).toBe(a.length + b.length + c.length);
    expect(before.breakdown).toMatchObject({ gallery: a.length, files: 0, bin: a.length + b.length + c.length });

    // 29 days after the first deletions: nothing is old enough yet.
    await advance(19 * DAY);
    expect(await test.app.modules.media.bin.purge(clock.now())).toEqual({ items: 0, bytes: 0 });
    // 31 days after them: those two go, the later one stays.
    await advance(2 * DAY);
    expect(await test.app.modules.media.bin.purge(clock.now())).toEqual({ items: 2, bytes: a.length + b.length });
    const bin = (await phone.call('GET', '/api/v1/media/bin')).json<MediaBin>();
    expect(bin.items.map((item) => item.id)).toEqual([late.id]);
    expect(bin.retentionDays).toBe(30);
    const after = await storage();
    expect(after.usedBytes).toBe(a.length + c.length);
    expect(after.breakdown).toMatchObject({ gallery: a.length, bin: c.length });

    // The blob no item names goes from disk after the grace period; the shared one stays.
    expect(await test.app.modules.storage.refs.collect(clock.now())).toBe(0);
    await advance(2 * HOUR);
    expect(await test.app.modules.storage.refs.collect(clock.now())).toBe(1);
    expect(existsSync(objectPath(sha256(b)))).toBe(false);
    expect(existsSync(objectPath(sha256(a)))).toBe(true);
    expect(existsSync(objectPath(sha256(c)))).toBe(true);
    expect((await phone.call('GET', `/api/v1/media/items/${kept.id}/content`)).statusCode).toBe(200);
  });

  it('takes a folder tree to the bin and back, and restores a file whose folder is gone to the root', async () => {
    const folder = async (name: string, parentId: string | null) => {
      const response = await phone.call('POST', '/api/v1/media/folders', { name, parentId });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ folder: { id: string } }>().folder.id;
    };
    const docs = await folder('Documents', null);
    const taxes = await folder('Taxes', docs);
    expect((await phone.call('POST', '/api/v1/media/folders', { name: 'Taxes', parentId: docs })).statusCode).toBe(409);
    const letter = await upload(Buffer.from('Dear tax office'), {
      section: 'files',
      name: 'letter.txt',
      folderId: taxes,
    });
    const note = await upload(Buffer.from('a note'), { section: 'files', name: 'note.txt', folderId: docs });
    // A file deleted on its own, then its folder: restoring the file alone puts it at the root.
    await post('/api/v1/media/trash', { ids: [note.id] });
    await post('/api/v1/media/trash', { folderIds: [docs] });
    const root = (await phone.call('GET', '/api/v1/media/files')).json<FolderListing>();
    expect(root.folders).toEqual([]);
    const bin = (await phone.call('GET', '/api/v1/media/bin')).json<MediaBin>();
    expect(bin.folders.map((entry) => entry.id)).toEqual([docs]);
    expect(bin.items.map((item) => item.id)).toContain(note.id);
    expect(bin.items.map((item) => item.id)).not.toContain(letter.id);

    expect(await post('/api/v1/media/bin/restore', { ids: [note.id] })).toEqual({ items: 1, folders: 0 });
    expect(
      (await phone.call('GET', '/api/v1/media/files')).json<FolderListing>().files.map((file) => file.name),
    ).toEqual(['note.txt']);
    expect(await post('/api/v1/media/bin/restore', { folderIds: [docs] })).toEqual({ items: 0, folders: 1 });
    const inner = (await phone.call('GET', `/api/v1/media/files?folderId=${taxes}`)).json<FolderListing>();
    expect(inner.path.map((entry) => entry.name)).toEqual(['Documents']);
    expect(inner.files.map((file) => file.id)).toEqual([letter.id]);

    // Deleting for ever takes the tree and its files.
    await post('/api/v1/media/trash', { folderIds: [docs] });
    expect(await post('/api/v1/media/bin/delete', { folderIds: [docs] })).toEqual({ items: 0, folders: 1 });
    expect((await phone.call('GET', `/api/v1/media/items/${letter.id}`)).statusCode).toBe(404);
    expect((await phone.call('GET', '/api/v1/media/bin')).json<MediaBin>().folders).toEqual([]);
  });

  it('pages through the gallery across photos taken before 1970', async () => {
    const [old, recent] = await Promise.all([jpeg(50, 50, 30), jpeg(50, 50, 31)]);
    await upload(old, { section: 'gallery', name: 'moon.jpg', album: 'scans', takenAt: '1969-07-20T20:17:00Z' });
    await upload(recent, { section: 'gallery', name: 'now.jpg', album: 'scans' });
    const seen: string[] = [];
    let after: string | null = '';
    for (let page = 0; after !== null && page < 5; page += 1) {
      const query = after === '' ? '' : `&after=${after}`;
      const response = await phone.call('GET', `/api/v1/media/gallery?album=scans&limit=1${query}`);
      const body = response.json<{ items: MediaItem[]; next: string | null }>();
      seen.push(...body.items.map((item) => item.name));
      after = body.next;
    }
    expect(seen).toEqual(['now.jpg', 'moon.jpg']);
    const timeline = (await phone.call('GET', '/api/v1/media/timeline?album=scans')).json<{
      months: { month: string }[];
    }>();
    expect(timeline.months.map((entry) => entry.month)).toEqual([expect.stringMatching(/^20\d\d-/), '1969-07']);
  });

  it('refuses what makes no sense, changing nothing', async () => {
    const file = await upload(Buffer.from('x'), { section: 'files', name: 'x.txt' });
    const folderId = (await phone.call('POST', '/api/v1/media/folders', { name: 'Loop', parentId: null })).json<{
      folder: { id: string };
    }>().folder.id;
    const child = (await phone.call('POST', '/api/v1/media/folders', { name: 'Child', parentId: folderId })).json<{
      folder: { id: string };
    }>().folder.id;
    expect((await phone.call('PATCH', `/api/v1/media/folders/${folderId}`, { parentId: child })).statusCode).toBe(409);
    // Two folders moved into each other at the same moment: one move wins, no loop is made.
    const left = (await phone.call('POST', '/api/v1/media/folders', { name: 'Left', parentId: null })).json<{
      folder: { id: string };
    }>().folder.id;
    const right = (await phone.call('POST', '/api/v1/media/folders', { name: 'Right', parentId: null })).json<{
      folder: { id: string };
    }>().folder.id;
    const moves = await Promise.all([
      phone.call('PATCH', `/api/v1/media/folders/${left}`, { parentId: right }),
      phone.call('PATCH', `/api/v1/media/folders/${right}`, { parentId: left }),
    ]);
    expect(moves.map((move) => move.statusCode).sort()).toEqual([200, 409]);
    expect(await post('/api/v1/media/trash', { folderIds: [left, right] })).toMatchObject({ folders: 2 });
    expect((await phone.call('PATCH', `/api/v1/media/items/${file.id}`, { name: '../etc/passwd' })).statusCode).toBe(
      400,
    );
    expect((await phone.call('POST', '/api/v1/media/trash', {})).statusCode).toBe(400);
    expect((await phone.call('POST', '/api/v1/media/missing', { hashes: ['not-a-hash'] })).statusCode).toBe(400);
    const photo = await putFile(phone, Buffer.from('plain text, not a photo'), {
      section: 'gallery',
      name: 'fake.jpg',
    });
    expect(photo.statusCode).toBe(415);
    expect(existsSync(objectPath(sha256(Buffer.from('plain text, not a photo'))))).toBe(false);
    // Refused after its bytes were stored (no such folder): they are listed as an orphan and collected.
    const lost = Buffer.from('a file for a folder that does not exist');
    const refused = await putFile(phone, lost, {
      section: 'files',
      name: 'lost.txt',
      folderId: '019aa000-0000-7000-8000-000000000000',
    });
    expect(refused.statusCode).toBe(404);
    await advance(2 * HOUR);
    await test.app.modules.storage.refs.collect(clock.now());
    expect(existsSync(objectPath(sha256(lost)))).toBe(false);
    expect((await phone.call('GET', `/api/v1/media/items/${file.id}`)).json<{ item: MediaItem }>().item.name).toBe(
      'x.txt',
    );
  });
});
