import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaItem, NewMediaItem } from '@nimbus/protocol';
import { UPLOAD_ITEM_HEADER } from '@nimbus/protocol';
import sharp from 'sharp';
import type { Db } from '../core/db/database.js';
import { newId } from '../core/ids.js';
import { DAY } from '../core/time.js';
import { Upload } from 'tus-js-client';
import type { TestDevice } from './device.js';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real JPEG of `width`×`height` with a colour gradient (so it compresses like a photo, not a flat square). */
export async function jpeg(width = 640, height = 480, seed = 0): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i += 3) {
    const pixel = i / 3;
    raw[i] = (pixel % width) + seed;
    raw[i + 1] = Math.floor(pixel / width) + seed * 3;
    raw[i + 2] = (pixel * 7 + seed) % 256;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A real WAV file: `seconds` of a 440 Hz tone, 8 kHz mono 16-bit. */
export function wav(seconds = 1): Buffer {
  const rate = 8000;
  const samples = Buffer.alloc(rate * seconds * 2);
  for (let i = 0; i < rate * seconds; i++)
    samples.writeInt16LE(Math.round(Math.sin((i * 440 * 2 * Math.PI) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/** A real MP4 made by ffmpeg (needs it installed): two seconds of a 320×240 test picture at 10 fps. */
export function mp4Clip(): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-video-'));
  try {
    const file = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=2:size=320x240:rate=10',
      '-pix_fmt',
      'yuv420p',
      file,
    ]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Uploads over tus as a phone would; resolves with the new item's id and the upload's URL. */
export function tusUpload(
  baseUrl: string,
  token: string,
  bytes: Buffer,
  item: Omit<NewMediaItem, 'sha256'> & { sha256?: string },
  options: { chunkSize?: number; uploadUrl?: string; onProgress?: (sent: number) => void } = {},
): Promise<{ itemId: string; url: string }> {
  return new Promise((resolve, reject) => {
    const metadata = Object.fromEntries(
      Object.entries({ sha256: sha256(bytes), ...item }).map(([key, value]) => [key, value]),
    );
    const upload: Upload = new Upload(bytes, {
      endpoint: `${baseUrl}/api/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata,
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      retryDelays: [],
      ...(options.uploadUrl === undefined ? {} : { uploadUrl: options.uploadUrl }),
      onProgress: (sent) => options.onProgress?.(sent),
      onError: reject,
      onAfterResponse: (_request, response) => {
        const itemId = response.getHeader(UPLOAD_ITEM_HEADER);
        if (itemId) resolve({ itemId, url: upload.url ?? '' });
      },
    });
    upload.start();
  });
}

/** Uploads in one request, as the portal does for small files. */
export async function putFile(
  device: TestDevice,
  bytes: Buffer,
  item: Omit<NewMediaItem, 'sha256'>,
  hash = sha256(bytes),
) {
  const query = new URLSearchParams(
    Object.entries({ ...item, sha256: hash }).map(([key, value]): [string, string] => [key, value]),
  );
  return device.app.inject({
    method: 'PUT',
    url: `/api/v1/media/upload?${query.toString()}`,
    headers: { authorization: `Bearer ${device.accessToken}`, 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
}

export async function getItem(device: TestDevice, id: string): Promise<MediaItem> {
  const response = await device.call('GET', `/api/v1/media/items/${id}`);
  if (response.statusCode !== 200) throw new Error(`item answered ${response.statusCode}: ${response.body}`);
  return response.json<{ item: MediaItem }>().item;
}

/**
 * `count` gallery photos written straight into the table, one every so often over `years` back from
 * `end`: for tests and benchmarks about showing a big gallery, not uploading one. No files stand
 * behind them; `thumbnail` says what the rows claim.
 */
export async function seedGallery(
  db: Db,
  accountId: string,
  options: {
    count: number;
    years: number;
    end: number;
    thumbnail: 'ready' | 'none';
    album?: (index: number) => string;
  },
): Promise<void> {
  const span = options.years * 365 * DAY;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < options.count; start += 500) {
      const rows = Array.from({ length: Math.min(500, options.count - start) }, (_, offset) => {
        const index = start + offset;
        const takenAt = options.end - Math.floor((index / options.count) * span);
        return {
          id: newId(),
          account_id: accountId,
          section: 'gallery' as const,
          kind: 'photo',
          name: `IMG_${String(index).padStart(6, '0')}.jpg`,
          mime: 'image/jpeg',
          sha256: index.toString(16).padStart(64, '0'),
          size: 3_000_000,
          taken_at: takenAt,
          taken_month: new Date(takenAt).toISOString().slice(0, 7),
          album: options.album?.(index) ?? 'camera',
          folder_id: null,
          device_id: null,
          width: 4000,
          height: 3000,
          duration_ms: null,
          latitude: null,
          longitude: null,
          title: null,
          call_number: null,
          thumbnail: options.thumbnail,
          created_at: takenAt,
          updated_at: takenAt,
          deleted_at: null,
          trashed_with: null,
        };
      });
      await trx.insertInto('media_items').values(rows).execute();
    }
  });
}
