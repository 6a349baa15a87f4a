import {
  type ErrorBody,
  type MediaItemResponse,
  type MissingBlobsResponseSchema,
  type NewMediaItem,
} from '@nimbus/protocol';
import {
  keyValueResumeMemory,
  refusalOf,
  statusOf,
  tusPort,
  uploadMetadata,
  type UploadEnvironment,
  type UploadFile,
} from '@nimbus/client/uploads';
import { createSHA256 } from 'hash-wasm';
import type { z } from 'zod';
import { sendJson, sendJsonWithStatus } from '../api';
import { ApiError } from '../api-error';
import { currentCsrfToken } from '../query-client';

export { shouldRetryUpload, uploadMetadata, type UploadDescription } from '@nimbus/client/uploads';

/** Where the server takes resumable uploads (tus 1.0). */
export const UPLOADS_ENDPOINT = '/api/v1/uploads';
/** One PATCH at most this long: a cut connection loses at most this much, and proxies accept it. */
const CHUNK_BYTES = 32 * 1024 * 1024;

const abortError = () => new DOMException('The upload was cancelled.', 'AbortError');

/**
 * The hex SHA-256 of a file, read a chunk at a time so a 2 GB video never sits in memory whole
 * (crypto.subtle would need all of it at once).
 */
export async function sha256OfFile(
  file: Blob,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const reader = file.stream().getReader();
  let done = 0;
  try {
    for (;;) {
      if (signal?.aborted === true) throw abortError();
      const chunk = await reader.read();
      if (chunk.done) break;
      hasher.update(chunk.value);
      done += chunk.value.byteLength;
      onProgress?.(done, file.size);
    }
  } finally {
    reader.releaseLock();
  }
  return hasher.digest('hex');
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object';
}

/** A failed tus request as the API's ApiError (its JSON body read), so the portal explains it like any other. */
export function uploadFailure(error: Error, refusal = refusalOf(error)): Error {
  if (refusal === null) return error;
  return new ApiError(refusal.status, isErrorBody(refusal.body) ? refusal.body.error : null, refusal.retryAfter);
}

/** Which of these hashes (at most MAX_MISSING_HASHES) the account lacks: only those need their bytes sent. */
export async function missingHashes(hashes: readonly string[]): Promise<Set<string>> {
  const answer = await sendJson<z.infer<typeof MissingBlobsResponseSchema>>('POST', '/api/v1/media/missing', {
    hashes,
  });
  return new Set(answer.missing);
}

/** An item made from bytes the account had; `created` is false when the same item existed already. */
export interface KnownBytesItem {
  id: string;
  created: boolean;
}

/**
 * An item from bytes the account has already (another item, or one in the bin): nothing is sent.
 * `created` is false when the same item existed already (the server answers 200, not 201).
 */
export async function itemFromKnownBytes(item: NewMediaItem, size: number): Promise<KnownBytesItem> {
  const { status, body } = await sendJsonWithStatus('POST', '/api/v1/media/items', { ...item, size });
  return { id: (body as MediaItemResponse).item.id, created: status === 201 };
}

/** How the portal uploads: what it injects in the algorithm every Nimbus client shares (@nimbus/client/uploads). */
export type UploadTransport = UploadEnvironment<File, UploadFile<File>, KnownBytesItem>;

/**
 * The browser's uploads: files hashed with hash-wasm, the session's cookie and CSRF token, 32 MB
 * pieces, and unfinished uploads remembered in localStorage by bytes and place (a file's time
 * cannot tell: a browser may report the moment it was picked), so the same file picked again after
 * a cut or a reload continues where it stopped. Cancelling deletes the upload on the server.
 */
export function browserTransport(): UploadTransport {
  return {
    hash: sha256OfFile,
    missing: missingHashes,
    fromKnownBytes: (file, item) =>
      itemFromKnownBytes(item, file.size).catch((error: unknown) => {
        // The bytes went meanwhile (deleted for ever): they are uploaded.
        if (statusOf(error) === 404) return null;
        throw error;
      }),
    tus: tusPort<File>({
      endpoint: new URL(UPLOADS_ENDPOINT, window.location.href).href,
      open: (file) => ({ input: file }),
      chunkSize: CHUNK_BYTES,
      headers: (): Record<string, string> => {
        const csrfToken = currentCsrfToken();
        return csrfToken === null ? {} : { 'x-csrf-token': csrfToken };
      },
      failure: uploadFailure,
    }),
    resume: keyValueResumeMemory(window.localStorage, (file, sha256) => {
      const metadata = uploadMetadata({ ...file.item, sha256 });
      return `nimbus-upload::${sha256}-${file.size}-${JSON.stringify(metadata)}`;
    }),
    stopping: 'cancel',
  };
}
