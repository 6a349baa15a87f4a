import { Writable } from 'node:stream';
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  getItem,
  jpeg,
  mp4Clip,
  owner,
  putFile,
  type TestApp,
  TestDevice,
  testDialects,
} from '../../test/index.js';
import { hasFfmpeg } from './thumbnails.js';

const ffmpeg = await hasFfmpeg();
let ipCounter = 0;
const nextIp = () => `10.32.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

/** A PNG whose header claims 60,000 × 60,000 pixels (3.6 gigapixels) in a few hundred bytes. */
function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(60_000, 0);
  header.writeUInt32BE(60_000, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc(10 * 60_001); // ten rows of zeros, filter byte included
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.each(testDialects())('thumbnails on %s', (dialect) => {
  let test: TestApp;
  let phone: TestDevice;
  const logLines: string[] = [];
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_LOG_LEVEL: 'warn' },
      logStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    });
    await owner(test.app, 'media.thumbs@example.org', nextIp());
    phone = await new TestDevice(test.app, nextIp()).connect('media.thumbs@example.org', 'Phone');
  });
  afterAll(() => test.close());

  const runJobs = async () => {
    while ((await test.app.nimbus.runner.runDue()) > 0);
  };
  const upload = async (bytes: Buffer, name: string) => {
    const response = await putFile(phone, bytes, { section: 'gallery', name });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ item: { id: string } }>().item.id;
  };

  it('makes a thumbnail and a preview of a photo, turned as its EXIF says', async () => {
    // 1200 × 800 stored, EXIF orientation 6: people see it 800 wide and 1200 tall.
    const photo = await sharp(await jpeg(1200, 800, 3))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const id = await upload(photo, 'turned.jpg');
    expect(await getItem(phone, id)).toMatchObject({ width: 800, height: 1200, thumbnail: 'pending' });
    await runJobs();
    expect((await getItem(phone, id)).thumbnail).toBe('ready');
    const thumb = await phone.call('GET', `/api/v1/media/items/${id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 320 });
    const preview = await phone.call('GET', `/api/v1/media/items/${id}/thumbnail?size=preview`);
    expect(await sharp(preview.rawPayload).metadata()).toMatchObject({ width: 800, height: 1200 });
  });

  it('gives a truncated JPEG and a pixel bomb a placeholder and a log line, and stays up', async () => {
    const whole = await jpeg(1024, 768, 5);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const truncatedId = await upload(truncated, 'broken.jpg');
    const bombId = await upload(pixelBomb(), 'bomb.png');
    const started = Date.now();
    await runJobs();
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const id of [truncatedId, bombId]) {
      expect((await getItem(phone, id)).thumbnail).toBe('failed');
      expect((await phone.call('GET', `/api/v1/media/items/${id}/thumbnail`)).statusCode).toBe(404);
      // The original is still there to download.
      expect((await phone.call('GET', `/api/v1/media/items/${id}/content`)).statusCode).toBe(200);
    }
    const warnings = logLines.map((line) => JSON.parse(line) as { msg: string; itemId?: string });
    for (const id of [truncatedId, bombId]) {
      expect(warnings.some((line) => line.itemId === id && line.msg.includes('does not decode'))).toBe(true);
    }
    expect((await phone.call('GET', '/api/v1/media/gallery')).statusCode).toBe(200);
  });

  it.runIf(ffmpeg)('makes a still frame of a video with ffmpeg', async () => {
    const id = await upload(mp4Clip(), 'clip.mp4');
    expect(await getItem(phone, id)).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      width: 320,
      height: 240,
      durationMs: 2000,
    });
    await runJobs();
    expect((await getItem(phone, id)).thumbnail).toBe('ready');
    const range = await phone.app.inject({
      method: 'GET',
      url: `/api/v1/media/items/${id}/content`,
      headers: { authorization: `Bearer ${phone.accessToken}`, range: 'bytes=0-' },
    });
    expect(range.statusCode).toBe(206);
  });
});
