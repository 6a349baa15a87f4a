import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MediaItem, Storage } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  getItem,
  jpeg,
  listen,
  owner,
  putFile,
  sha256,
  type TestApp,
  TestDevice,
  testDialects,
  tusUpload,
  wav,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.31.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe.each(testDialects())('media uploads on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0));
  let test: TestApp;
  let baseUrl: string;
  let phone: TestDevice;
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      clock,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_FREE_QUOTA: '4MB' },
    });
    baseUrl = await listen(test.app);
    await owner(test.app, 'media.uploads@example.org', nextIp());
    phone = await new TestDevice(test.app, nextIp()).connect('media.uploads@example.org', 'Phone');
  });
  afterAll(() => test.close());

  const storage = async () => (await phone.call('GET', '/api/v1/storage')).json<Storage>();
  /** Creates a tus upload of `bytes` (sending none of them yet). */
  const createUpload = (bytes: Buffer, name: string) =>
    fetch(`${baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${phone.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': `section ${b64('files')},name ${b64(name)},sha256 ${b64(sha256(bytes))}`,
      },
    });

  it('asks first, uploads over tus, and gives back the same bytes, whole or by range', async () => {
    const photo = await jpeg(800, 600, 1);
    const before = await phone.call('POST', '/api/v1/media/missing', { hashes: [sha256(photo)] });
    expect(before.json()).toEqual({ missing: [sha256(photo)] });

    const { itemId } = await tusUpload(
      baseUrl,
      phone.accessToken,
      photo,
      { section: 'gallery', name: 'IMG_0001.jpg' },
      { chunkSize: 16 * 1024 },
    );
    const item = await getItem(phone, itemId);
    expect(item).toMatchObject({
      section: 'gallery',
      kind: 'photo',
      mime: 'image/jpeg',
      size: photo.length,
      width: 800,
      height: 600,
      album: 'camera',
      deviceId: phone.id,
      thumbnail: 'pending',
    });

    const after = await phone.call('POST', '/api/v1/media/missing', { hashes: [sha256(photo)] });
    expect(after.json()).toEqual({ missing: [] });
    const whole = await phone.call('GET', `/api/v1/media/items/${itemId}/content`);
    expect(whole.statusCode).toBe(200);
    expect(sha256(whole.rawPayload)).toBe(sha256(photo));
    // An original is the owner's alone and may be deleted: kept privately, asked for again each time
    // (a cheap 304), never for a year; its own sandboxing CSP is not replaced by the portal's.
    expect(whole.headers['cache-control']).toBe('private, no-cache');
    expect(whole.headers['content-security-policy']).toContain('sandbox');
    const revalidated = await phone.app.inject({
      method: 'GET',
      url: `/api/v1/media/items/${itemId}/content`,
      headers: { authorization: `Bearer ${phone.accessToken}`, 'if-none-match': String(whole.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
    const part = await phone.app.inject({
      method: 'GET',
      url: `/api/v1/media/items/${itemId}/content`,
      headers: { authorization: `Bearer ${phone.accessToken}`, range: 'bytes=100-199' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${photo.length}`);
    expect(part.rawPayload.equals(photo.subarray(100, 200))).toBe(true);

    // The same photo again, from a re-installed phone: nothing stored twice, the same item.
    const again = await phone.call('POST', '/api/v1/media/items', {
      section: 'gallery',
      name: 'IMG_0001.jpg',
      sha256: sha256(photo),
      size: photo.length,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ item: MediaItem }>().item.id).toBe(itemId);
    expect((await storage()).usedBytes).toBe(photo.length);
  });

  it('keeps a recording with its title, number and duration, once', async () => {
    const sound = wav(2);
    const item = {
      section: 'recordings' as const,
      name: 'call.wav',
      title: 'Call with Anna',
      callNumber: '+49 151 2345678',
    };
    const first = await putFile(phone, sound, item);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ item: MediaItem }>().item).toMatchObject({
      kind: 'audio',
      durationMs: 2000,
      title: 'Call with Anna',
      callNumber: '+49 151 2345678',
      thumbnail: 'none',
    });
    const again = await phone.call('POST', '/api/v1/media/items', {
      ...item,
      sha256: sha256(sound),
      size: sound.length,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ item: MediaItem }>().item.id).toBe(first.json<{ item: MediaItem }>().item.id);
    const list = (await phone.call('GET', '/api/v1/media/recordings')).json<{ items: MediaItem[] }>();
    expect(list.items.map((entry) => entry.name)).toEqual(['call.wav']);
    // A photo is no recording.
    expect((await putFile(phone, await jpeg(10, 10, 40), { section: 'recordings', name: 'x.jpg' })).statusCode).toBe(
      415,
    );
  });

  it('refuses bytes that do not match their SHA-256, storing nothing and holding no space', async () => {
    const bytes = await jpeg(200, 200, 2);
    const response = await putFile(phone, bytes, { section: 'files', name: 'wrong.jpg' }, sha256(Buffer.from('other')));
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('checksum_mismatch');
    const missing = await phone.call('POST', '/api/v1/media/missing', { hashes: [sha256(bytes)] });
    expect(missing.json()).toEqual({ missing: [sha256(bytes)] });
    expect((await storage()).breakdown.uploads).toBe(0);
    expect(
      existsSync(
        path.join(
          test.dataDir,
          'blobs',
          'objects',
          sha256(bytes).slice(0, 2),
          sha256(bytes).slice(2, 4),
          sha256(bytes),
        ),
      ),
    ).toBe(false);
  });

  it('refuses a tus upload whose bytes hash differently, on the last PATCH, and drops it', async () => {
    const bytes = await jpeg(120, 90, 4);
    const wrong = sha256(Buffer.from('something else'));
    const failure = await tusUpload(
      baseUrl,
      phone.accessToken,
      bytes,
      { section: 'gallery', name: 'wrong.jpg', sha256: wrong },
      { chunkSize: 4096 },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String(failure)).toContain('checksum_mismatch');
    expect((await phone.call('POST', '/api/v1/media/missing', { hashes: [sha256(bytes)] })).json()).toEqual({
      missing: [sha256(bytes)],
    });
    expect((await storage()).breakdown.uploads).toBe(0);
    expect((await readdir(path.join(test.dataDir, 'blobs', 'uploads'))).length).toBe(0);
  });

  it('refuses an upload over quota before its first byte, and deleting frees the space', async () => {
    const used = (await storage()).usedBytes;
    const free = 4 * 1024 * 1024 - used;
    const big = Buffer.alloc(free + 1, 7);
    const creation = await fetch(`${baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${phone.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(big.length),
        'upload-metadata': `section ${b64('files')},name ${b64('big.bin')},sha256 ${b64(sha256(big))}`,
      },
    });
    expect(creation.status).toBe(507);
    const body = (await creation.json()) as {
      error: { code: string; message: string; details: { freeBytes: number } };
    };
    expect(body.error.code).toBe('insufficient_storage');
    expect(body.error.details.freeBytes).toBe(free);
    expect(body.error.message).toMatch(/left/);
    // Nothing was staged for it.
    expect((await readdir(path.join(test.dataDir, 'blobs', 'uploads'))).length).toBe(0);

    // Two uploads that fit one at a time: the first holds its space from its creation, so the second
    // is refused before it starts; cancelling the first gives the space back.
    const half = Buffer.alloc(Math.floor(free / 2) + 10, 1);
    const other = Buffer.alloc(Math.floor(free / 2) + 10, 2);
    const held = await createUpload(half, 'half.bin');
    expect(held.status).toBe(201);
    expect((await storage()).usedBytes).toBe(used + half.length);
    expect((await createUpload(other, 'other.bin')).status).toBe(507);
    const location = new URL(held.headers.get('location') ?? '', baseUrl).toString();
    const cancelled = await fetch(location, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${phone.accessToken}`, 'tus-resumable': '1.0.0' },
    });
    expect(cancelled.status).toBe(204);
    await expect.poll(async () => (await storage()).usedBytes).toBe(used);
    const first = await putFile(phone, half, { section: 'files', name: 'half.bin' });
    expect(first.statusCode).toBe(201);
    const second = await putFile(phone, other, { section: 'files', name: 'other.bin' });
    expect(second.statusCode).toBe(507);

    // Deleting (bin, then for ever) frees exactly its space; then the other fits.
    const firstId = first.json<{ item: MediaItem }>().item.id;
    expect((await phone.call('POST', '/api/v1/media/trash', { ids: [firstId] })).statusCode).toBe(200);
    expect((await storage()).breakdown.bin).toBe(half.length);
    expect((await storage()).usedBytes).toBe(used + half.length);
    expect((await putFile(phone, other, { section: 'files', name: 'other.bin' })).statusCode).toBe(507);
    expect((await phone.call('POST', '/api/v1/media/bin/delete', { ids: [firstId] })).statusCode).toBe(200);
    expect((await storage()).usedBytes).toBe(used);
    expect((await putFile(phone, other, { section: 'files', name: 'other.bin' })).statusCode).toBe(201);
  });

  it('keeps other accounts out of an upload and its items', async () => {
    await owner(test.app, 'media.stranger@example.org', nextIp());
    const stranger = await new TestDevice(test.app, nextIp()).connect('media.stranger@example.org', 'Stranger');
    const bytes = await jpeg(64, 64, 9);
    const created = await fetch(`${baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${phone.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': `section ${b64('gallery')},name ${b64('x.jpg')},sha256 ${b64(sha256(bytes))}`,
      },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location') ?? '', baseUrl).toString();
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const response = await fetch(location, {
        method,
        headers: {
          authorization: `Bearer ${stranger.accessToken}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        ...(method === 'PATCH' ? { body: bytes } : {}),
      });
      expect(response.status, method).toBe(404);
    }
    const anonymous = await fetch(location, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect(anonymous.status).toBe(401);
    // The owner can cancel it; its held space goes with it.
    const cancel = await fetch(location, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${phone.accessToken}`, 'tus-resumable': '1.0.0' },
    });
    expect(cancel.status).toBe(204);
    await expect.poll(async () => (await storage()).breakdown.uploads).toBe(0);
    const [someItem] = (await phone.call('GET', '/api/v1/media/gallery')).json<{ items: MediaItem[] }>().items;
    expect((await stranger.call('GET', `/api/v1/media/items/${someItem?.id}`)).statusCode).toBe(404);
    expect((await stranger.call('GET', `/api/v1/media/items/${someItem?.id}/content`)).statusCode).toBe(404);
  });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
