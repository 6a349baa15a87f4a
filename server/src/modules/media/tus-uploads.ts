import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import {
  MAX_UPLOAD_BYTES,
  NewMediaItemSchema,
  UPLOAD_EXPIRY_HOURS,
  UPLOAD_ITEM_HEADER,
  type ErrorBody,
  type NewMediaItem,
} from '@nimbus/protocol';
import { EVENTS, Server } from '@tus/server';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../core/http/errors.js';
import { HOUR } from '../../core/time.js';
import type { Caller } from '../accounts/index.js';
import { HashingFileStore } from './hashing-file-store.js';
import type { IngestService } from './ingest.service.js';
import type { StorageRepo } from './storage.repo.js';

const EXPIRY_MS = UPLOAD_EXPIRY_HOURS * HOUR;

/** An error as tus answers it: `status_code` and `body` (here in the API's one error shape). */
class TusHookError extends Error {
  readonly status_code: number;
  readonly body: string;
  constructor(error: AppError) {
    super(error.message);
    this.status_code = error.status;
    const body: ErrorBody = { error: { code: error.code, message: error.message, details: error.details } };
    this.body = JSON.stringify(body);
  }
}

const tusError = (error: AppError) => new TusHookError(error);

/** The Node request behind the Fetch-style request that tus hooks receive. */
function rawRequest(req: unknown): IncomingMessage | undefined {
  return (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
}

export interface TusUploadsDeps {
  uploadsDir: string;
  ingest: IngestService;
  storage: StorageRepo;
  now(): number;
  log: FastifyBaseLogger;
}

/**
 * Resumable uploads over tus 1.0 (creation, creation-with-upload, termination, expiration), staged
 * in the blob store's folder. The quota is held when an upload is created, before its first byte; the
 * finished file is checked against its declared SHA-256 and becomes an item in one transaction.
 * Callers are authenticated before tus sees a request; `callers` says who made each one.
 */
export function createTusServer(deps: TusUploadsDeps, callers: WeakMap<IncomingMessage, Caller>): Server {
  const datastore = new HashingFileStore({ directory: deps.uploadsDir, expirationPeriodInMilliseconds: EXPIRY_MS });
  // The quota is held from the declared length: an upload must say how long it is.
  datastore.extensions = datastore.extensions.filter((extension) => extension !== 'creation-defer-length');
  const callerOf = (req: unknown): Caller => {
    const raw = rawRequest(req);
    const caller = raw === undefined ? undefined : callers.get(raw);
    if (caller === undefined) throw new Error('a tus request arrived without an authenticated caller');
    return caller;
  };
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
      const upload = await deps.storage.upload(uploadId);
      // Single-request uploads hold space under the same table; they are not tus uploads.
      if (upload?.account_id !== callerOf(req).accountId || uploadId.startsWith('single-')) {
        throw tusError(new AppError('not_found', 'There is no such upload (it may have finished or expired).'));
      }
    },
    onUploadCreate: (req, upload) =>
      guarded(async () => {
        const caller = callerOf(req);
        if (upload.size === undefined)
          throw new AppError('bad_request', 'Give Upload-Length: the size is checked against your storage first.');
        const item = parseItem(upload.metadata);
        await deps.ingest.reserve(caller.accountId, upload.id, upload.size, deps.now() + EXPIRY_MS);
        // Keep only what Nimbus reads, validated: the metadata is echoed to HEAD requests.
        return { metadata: Object.fromEntries(Object.entries(item).map(([key, value]) => [key, value])) };
      }),
    onUploadFinish: (req, upload) =>
      guarded(async () => {
        const path = join(deps.uploadsDir, upload.id);
        try {
          const uploader = await deps.ingest.uploader(callerOf(req));
          const knownSha256 = datastore.takeDigest(upload.id, upload.size ?? -1);
          const { row } = await deps.ingest.ingestFile(
            uploader,
            parseItem(upload.metadata),
            path,
            upload.id,
            knownSha256,
          );
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
      deps.log.error({ err: error }, 'upload failed');
      return {
        status_code: 500,
        body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }),
      };
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
  return server;
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
