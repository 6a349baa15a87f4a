import type { MediaItem } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../core/blobs/memory-blob-store.test-helpers.js';
import { HOUR, ManualClock } from '../../core/time.js';
import {
  createTestApp,
  getItem,
  jpeg,
  mp4Clip,
  owner,
  putFile,
  sha256,
  type TestApp,
  TestDevice,
  testDialects,
} from '../../test/index.js';
import { hasFfmpeg } from './thumbnails.js';

const ffmpeg = await hasFfmpeg();
let ipCounter = 0;
const nextIp = () => `10.36.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

// Media on a blob store that only streams, as an object store would: nothing may count on a blob's file.
describe.each(testDialects())('media on a blob store without files, on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0));
  const blobs = new MemoryBlobStore();
  let test: TestApp;
  let phone: TestDevice;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, blobs, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    await owner(test.app, 'media.streaming@example.org', nextIp());
    phone = await new TestDevice(test.app, nextIp()).connect('media.streaming@example.org', 'Phone');
  });
  afterAll(() => test.close());

  const runJobs = async () => {
    while ((await test.app.nimbus.runner.runDue()) > 0);
  };

  it('uploads a photo into the store, makes its thumbnail from a temporary copy, and serves its bytes', async () => {
    expect('localPath' in blobs).toBe(false);
    const photo = await jpeg(900, 600, 5);
    const response = await putFile(phone, photo, { section: 'gallery', name: 'streamed.jpg' });
    expect(response.statusCode, response.body).toBe(201);
    const item = response.json<{ item: MediaItem }>().item;
    expect(item).toMatchObject({ kind: 'photo', width: 900, height: 600, thumbnail: 'pending' });
    expect(blobs.blobs.get(sha256(photo))?.equals(photo)).toBe(true);

    await runJobs();
    expect((await getItem(phone, item.id)).thumbnail).toBe('ready');
    const thumbnail = await phone.call('GET', `/api/v1/media/items/${item.id}/thumbnail?size=thumb`);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    const part = await phone.app.inject({
      method: 'GET',
      url: `/api/v1/media/items/${item.id}/content`,
      headers: { authorization: `Bearer ${phone.accessToken}`, range: 'bytes=10-19' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(photo.subarray(10, 20))).toBe(true);

    // Deleted for ever, then collected: the store lets go of the bytes.
    expect((await phone.call('POST', '/api/v1/media/trash', { ids: [item.id] })).statusCode).toBe(200);
    expect((await phone.call('POST', '/api/v1/media/bin/delete', { ids: [item.id] })).statusCode).toBe(200);
    clock.advance(2 * HOUR);
    await phone.refresh();
    expect(await test.app.modules.storage.refs.collect(clock.now())).toBeGreaterThanOrEqual(1);
    expect(blobs.blobs.has(sha256(photo))).toBe(false);
  });

  it.runIf(ffmpeg)('probes a video held already, and makes its still frame, through temporary copies', async () => {
    const clip = mp4Clip();
    expect((await putFile(phone, clip, { section: 'files', name: 'clip.mp4' })).statusCode).toBe(201);
    // Named again from the blob alone: what it is comes from the store's bytes, not an upload.
    const again = await phone.call('POST', '/api/v1/media/items', {
      section: 'gallery',
      name: 'clip.mp4',
      sha256: sha256(clip),
      size: clip.length,
    });
    expect(again.statusCode, again.body).toBe(201);
    const item = again.json<{ item: MediaItem }>().item;
    expect(item).toMatchObject({ kind: 'video', mime: 'video/mp4', width: 320, height: 240, durationMs: 2000 });
    await runJobs();
    expect((await getItem(phone, item.id)).thumbnail).toBe('ready');
  });
});
