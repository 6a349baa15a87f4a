import { AsyncLocalStorage } from 'node:async_hooks';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MAX_UPLOAD_BYTES,
  NewMediaItemSchema,
  UPLOAD_EXPIRY_HOURS,
  UPLOAD_ITEM_HEADER,
  type NewMediaItem,
} from '@nimbus/protocol';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server } from '@tus/server';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, type Principal } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import { renderError } from '../../core/http/render-error.js';
import { HOUR } from '../../core/time.js';
import type { IngestService } from './ingest.service.js';
import { ingestInputOf } from './media-view.js';

const EXPIRY_MS = UPLOAD_EXPIRY_HOURS * HOUR;

/** An error as tus answers it: `status_code` and `body`, rendered like every other answer. */
class TusHookError extends Error {
  readonly status_code: number;
  readonly body: string;
  constructor(error: AppError, requestId: string) {
    super(error.message);
    const rendered = renderError(error, { requestId });
    this.status_code = rendered.status;
    this.body = JSON.stringify(rendered.body);
  }
}

/** Who makes the tus request being handled, and its id: tus hands its hooks a request of its own. */
interface TusRequest {
  principal: Principal;
  requestId: string;
}

export interface TusUploadsDeps {
  uploadsDir: string;
  ingest: IngestService;
  /** The quota hold of an upload, which says whose it is; undefined once it has ended. */
  hold(id: string): Promise<{ account_id: string } | undefined>;
  now(): number;
  log: FastifyBaseLogger;
}

/**
 * Resumable uploads over tus 1.0 (creation, creation-with-upload, termination, expiration), staged
 * on this server's disk. The quota is held when an upload is created, before its first byte; the
 * finished file is streamed into the blob store, hashed on the way and checked against its declared
 * SHA-256, and becomes an item in one transaction.
 * Requests are authenticated before tus sees them; its hooks read the principal from the scope
 * `handle` runs them in (tus hands its hooks a request of its own, not Fastify's).
 */
export function createTusServer(deps: TusUploadsDeps): TusUploads {
  const datastore = new FileStore({ directory: deps.uploadsDir, expirationPeriodInMilliseconds: EXPIRY_MS });
  // The quota is held from the declared length: an upload must say how long it is.
  datastore.extensions = datastore.extensions.filter((extension) => extension !== 'creation-defer-length');
  const requests = new AsyncLocalStorage<TusRequest>();
  const current = (): TusRequest => {
    const request = requests.getStore();
    if (request === undefined) throw new Error('a tus request arrived without an authenticated principal');
    return request;
  };
  const callerOf = () => current().principal;
  const tusError = (error: AppError) => new TusHookError(error, current().requestId);
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) throw tusError(error);
      throw error;
    }
  };

  const server = new Server({
    path: '/api/v1/uploads',
    datastore,
    relativeLocation: true,
    maxSize: MAX_UPLOAD_BYTES,
    exposedHeaders: [UPLOAD_ITEM_HEADER],
    // Only the account that created an upload may see, continue or cancel it; to others it does not exist.
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST') return;
      const upload = await deps.hold(uploadId);
      // Single-request uploads hold space under the same table; they are not tus uploads.
      if (upload?.account_id !== callerOf().accountId || uploadId.startsWith('single-')) {
        throw tusError(new AppError('not_found', 'There is no such upload (it may have finished or expired).'));
      }
    },
    onUploadCreate: (_req, upload) =>
      guarded(async () => {
        // Who may upload is settled before any space is held or a byte is taken.
        const uploader = deps.ingest.uploader(callerOf());
        if (upload.size === undefined)
          throw new AppError('bad_request', 'Give Upload-Length: the size is checked against your storage first.');
        const item = parseItem(upload.metadata);
        await deps.ingest.reserve(uploader.accountId, upload.id, upload.size, deps.now() + EXPIRY_MS);
        // Keep only what Nimbus reads, validated: the metadata is echoed to HEAD requests.
        return { metadata: Object.fromEntries(Object.entries(item).map(([key, value]) => [key, value])) };
      }),
    onUploadFinish: (_req, upload) =>
      guarded(async () => {
        const path = join(deps.uploadsDir, upload.id);
        try {
          const uploader = deps.ingest.uploader(callerOf());
          const input = ingestInputOf(parseItem(upload.metadata));
          const { row } = await deps.ingest.ingestFile(uploader, input, path, upload.id);
          return { headers: { [UPLOAD_ITEM_HEADER]: row.id } };
        } catch (error) {
          // Refused when whole (checksum, quota): the bytes and the held space go now, not in a day.
          await deps.ingest.release(upload.id);
          await removeStaged(deps.uploadsDir, upload.id);
          throw error;
        }
      }),
    onResponseError(_req, error) {
      if (!(error instanceof Error) || error instanceof TusHookError) return undefined;
      const rendered = renderError(error, { requestId: requests.getStore()?.requestId ?? 'unknown' });
      if (rendered.unexpected) deps.log.error({ err: error }, 'upload failed');
      return { status_code: rendered.status, body: JSON.stringify(rendered.body) };
    },
  });
  // The staging file stays until the answer is written (tus reads it once more for the answer).
  server.on(EVENTS.POST_FINISH, (_req, _res, upload) => {
    void removeStaged(deps.uploadsDir, upload.id).catch((error: unknown) =>
      deps.log.warn({ err: error }, 'staged upload not removed'),
    );
  });
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
    void deps.ingest.release(id).catch((error: unknown) => deps.log.warn({ err: error }, 'upload hold not released'));
  });
  return {
    handle: (request, reply) =>
      requests.run({ principal: principalOf(request), requestId: request.id }, () =>
        server.handle(request.raw, reply.raw),
      ),
  };
}

export interface TusUploads {
  /** Answers one tus request, already authenticated; the caller has hijacked the reply. */
  handle(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

function parseItem(metadata: Record<string, string | null> | undefined): NewMediaItem {
  const values = Object.fromEntries(
    Object.entries(metadata ?? {}).filter(([, value]) => value !== null && value !== ''),
  );
  const parsed = NewMediaItemSchema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: `metadata.${issue.path.join('.')}`,
      message: issue.message,
    }));
    throw new AppError(
      'validation_failed',
      `The Upload-Metadata is not valid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { issues },
    );
  }
  return parsed.data;
}

/** Removes an upload's staged file and the tus record beside it. */
export async function removeStaged(uploadsDir: string, id: string): Promise<void> {
  await rm(join(uploadsDir, id), { force: true });
  await rm(join(uploadsDir, `${id}.json`), { force: true });
}
