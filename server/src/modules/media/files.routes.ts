import {
  FolderListingSchema,
  FolderQuerySchema,
  FolderResponseSchema,
  MediaBinSchema,
  MediaItemParamsSchema,
  MediaSelectionResultSchema,
  MediaSelectionSchema,
  NewFolderSchema,
  UpdateFolderSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { BinService } from './bin.service.js';
import type { LibraryService } from './library.service.js';

const tags = ['media'];

/** The files' folder tree, and the media recycle bin. */
export function filesRoutes(library: LibraryService, bin: BinService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
    const accountOf = (request: Parameters<typeof principalOf>[0]) => principalOf(request).accountId;

    app.get(
      '/api/v1/media/files',
      {
        schema: {
          tags,
          summary: 'A folder: its path, folders and files',
          querystring: FolderQuerySchema,
          response: { 200: FolderListingSchema },
        },
      },
      (request) => library.folder(accountOf(request), request.query.folderId ?? null),
    );
    app.post(
      '/api/v1/media/folders',
      { schema: { tags, summary: 'A new folder', body: NewFolderSchema, response: { 201: FolderResponseSchema } } },
      async (request, reply) =>
        reply
          .code(201)
          .send({ folder: await library.createFolder(accountOf(request), request.body.name, request.body.parentId) }),
    );
    app.patch(
      '/api/v1/media/folders/:id',
      {
        schema: {
          tags,
          summary: 'Rename or move a folder',
          params: MediaItemParamsSchema,
          body: UpdateFolderSchema,
          response: { 200: FolderResponseSchema },
        },
      },
      async (request) => ({ folder: await library.updateFolder(accountOf(request), request.params.id, request.body) }),
    );
    app.post(
      '/api/v1/media/trash',
      {
        schema: {
          tags,
          summary: 'Move items and folders to the recycle bin',
          body: MediaSelectionSchema,
          response: { 200: MediaSelectionResultSchema },
        },
      },
      (request) => bin.trash(accountOf(request), request.body),
    );
    app.get(
      '/api/v1/media/bin',
      { schema: { tags, summary: 'What is in the media recycle bin', response: { 200: MediaBinSchema } } },
      (request) => bin.list(accountOf(request)),
    );
    app.post(
      '/api/v1/media/bin/restore',
      {
        schema: {
          tags,
          summary: 'Restore items and folders from the bin',
          body: MediaSelectionSchema,
          response: { 200: MediaSelectionResultSchema },
        },
      },
      (request) => bin.restore(accountOf(request), request.body),
    );
    app.post(
      '/api/v1/media/bin/delete',
      {
        schema: {
          tags,
          summary: 'Delete items and folders in the bin for ever, freeing their space',
          body: MediaSelectionSchema,
          response: { 200: MediaSelectionResultSchema },
        },
      },
      (request) => bin.deleteForever(accountOf(request), request.body),
    );
    return Promise.resolve();
  };
}
