import {
  AlbumListSchema,
  ContentQuerySchema,
  GalleryQuerySchema,
  MediaItemListSchema,
  type MediaItemList,
  MediaItemParamsSchema,
  MediaItemResponseSchema,
  PageQuerySchema,
  StorageSchema,
  ThumbnailQuerySchema,
  TimelineQuerySchema,
  TimelineSchema,
  UpdateMediaItemSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BlobStore } from '../../core/blobs/index.js';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import { sendJsonText } from '../../core/http/json-text.js';
import { sendContent, sendThumbnail } from './content.js';
import type { LibraryService } from './library.service.js';
import { presentItem } from './media-view.js';
import type { ThumbnailStore } from './thumbnails.js';
import type { Storage } from '@nimbus/protocol';

const tags = ['media'];

/** The gallery, recordings and single items: lists, content, pictures, edits; and the storage figures. */
export function mediaRoutes(
  library: LibraryService,
  media: { blobs: BlobStore; thumbnails: ThumbnailStore; storage(accountId: string): Promise<Storage> },
): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
    const accountOf = (request: Parameters<typeof principalOf>[0]) => principalOf(request).accountId;

    app.get(
      '/api/v1/media/timeline',
      {
        schema: {
          tags,
          summary: 'The gallery’s months with their counts, newest first',
          querystring: TimelineQuerySchema,
          response: { 200: TimelineSchema },
        },
      },
      (request) => library.timeline(accountOf(request), request.query.album),
    );
    app.get(
      '/api/v1/media/gallery',
      {
        schema: {
          tags,
          summary: 'Gallery items, newest first, by month and album',
          querystring: GalleryQuerySchema,
          response: { 200: MediaItemListSchema },
        },
      },
      async (request, reply) =>
        sendJsonText(reply, (await library.list(accountOf(request), 'gallery', request.query)) satisfies MediaItemList),
    );
    app.get(
      '/api/v1/media/albums',
      { schema: { tags, summary: 'The gallery’s albums', response: { 200: AlbumListSchema } } },
      (request) => library.albums(accountOf(request)),
    );
    app.get(
      '/api/v1/media/recordings',
      {
        schema: {
          tags,
          summary: 'Voice and call recordings, newest first',
          querystring: PageQuerySchema,
          response: { 200: MediaItemListSchema },
        },
      },
      (request) => library.list(accountOf(request), 'recordings', request.query),
    );
    app.get(
      '/api/v1/media/items/:id',
      {
        schema: {
          tags,
          summary: 'One item, live or in the recycle bin',
          params: MediaItemParamsSchema,
          response: { 200: MediaItemResponseSchema },
        },
      },
      async (request) => ({ item: presentItem(await library.item(accountOf(request), request.params.id)) }),
    );
    app.patch(
      '/api/v1/media/items/:id',
      {
        schema: {
          tags,
          summary: 'Rename an item, move a file to another folder, or put a photo in another album',
          params: MediaItemParamsSchema,
          body: UpdateMediaItemSchema,
          response: { 200: MediaItemResponseSchema },
        },
      },
      async (request) => ({ item: await library.updateItem(accountOf(request), request.params.id, request.body) }),
    );
    app.get(
      '/api/v1/media/items/:id/content',
      {
        schema: {
          tags,
          summary: 'The original bytes; Range requests answered with 206',
          params: MediaItemParamsSchema,
          querystring: ContentQuerySchema,
        },
      },
      async (request, reply) =>
        sendContent(
          media.blobs,
          await library.item(accountOf(request), request.params.id),
          request.query.download,
          request,
          reply,
        ),
    );
    app.get(
      '/api/v1/media/items/:id/thumbnail',
      {
        schema: {
          tags,
          summary: 'A WebP thumbnail (320 px square) or preview (within 1440 px)',
          params: MediaItemParamsSchema,
          querystring: ThumbnailQuerySchema,
        },
      },
      async (request, reply) =>
        sendThumbnail(
          media.thumbnails,
          await library.item(accountOf(request), request.params.id),
          request.query.size,
          reply,
        ),
    );
    app.get(
      '/api/v1/storage',
      { schema: { tags, summary: 'Storage used and left, by section', response: { 200: StorageSchema } } },
      (request) => media.storage(accountOf(request)),
    );
    return Promise.resolve();
  };
}
