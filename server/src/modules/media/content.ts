import { createReadStream } from 'node:fs';
import { withoutBidiControls } from '@nimbus/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import { AppError, notFound } from '../../core/errors.js';
import type { BlobStore } from '../../core/blobs/index.js';
import type { ItemRow } from './items.repo.js';
import type { ThumbnailSize, ThumbnailStore } from './thumbnails.js';

/** Types a browser may show inline; anything else is downloaded, so an uploaded HTML page never runs here. */
const INLINE = /^(image\/(jpeg|png|gif|webp|avif|heic|heif|bmp)|video\/|audio\/|application\/pdf$)/;

/**
 * RFC 6266 Content-Disposition with the item's name, ASCII fallback plus UTF-8. Bidi controls are
 * dropped here too, for names stored before they were dropped on the way in.
 */
function disposition(kind: 'inline' | 'attachment', stored: string): string {
  const name = withoutBidiControls(stored);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends an item's bytes with HTTP range support (video seeking, resumed downloads). Content is
 * immutable, so its SHA-256 is a strong ETag: browsers keep a private copy and revalidate it.
 */
export async function sendContent(
  blobs: BlobStore,
  item: ItemRow,
  download: boolean,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const size = item.size;
  const etag = `"${item.sha256}"`;
  const inline = !download && INLINE.test(item.mime);
  void reply
    .header('content-type', inline ? item.mime : 'application/octet-stream')
    .header('content-disposition', disposition(inline ? 'inline' : 'attachment', item.name))
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    // Asked again each time (answered 304 by the ETag): a copy kept for a year would outlive the
    // item's deletion, a sign-out and the next user of a shared computer.
    .header('cache-control', 'private, no-cache')
    .header(
      'content-security-policy',
      "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    );
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const header = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (header !== undefined && size > 0 && (ifRange === undefined || ifRange === etag)) {
    const ranges = parseRange(size, header, { combine: true });
    if (ranges === -1) {
      void reply.header('content-range', `bytes */${size}`);
      throw new AppError('range_not_satisfiable', `The range is outside the ${size} bytes of this file.`);
    }
    if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
      const range = ranges[0] as { start: number; end: number };
      const stream = await blobs.get(item.sha256, range);
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(stream);
    }
  }
  return reply.header('content-length', size).send(await blobs.get(item.sha256));
}

/** Sends a thumbnail or preview when it is made; 404 otherwise (the portal shows a placeholder). */
export async function sendThumbnail(
  thumbnails: ThumbnailStore,
  item: ItemRow,
  size: ThumbnailSize,
  reply: FastifyReply,
) {
  if (item.thumbnail !== 'ready') throw notFound(`This item has no picture (${item.thumbnail}).`);
  const stream = createReadStream(thumbnails.path(item.sha256, size));
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', () => reject(notFound('This item has no picture.')));
  });
  return reply
    .header('content-type', 'image/webp')
    .header('cache-control', 'private, max-age=86400')
    .header('etag', `"${item.sha256}-${size}"`)
    .send(stream);
}
