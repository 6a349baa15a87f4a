import {
  MAX_MISSING_HASHES,
  UPLOAD_ITEM_HEADER,
  type ErrorBody,
  type MediaItemResponse,
  type MissingBlobsResponseSchema,
  type NewMediaItem,
} from '@nimbus/protocol';
import { createSHA256 } from 'hash-wasm';
import { Upload, type DetailedError, type PreviousUpload, type UploadOptions as TusOptions } from 'tus-js-client';
import type { z } from 'zod';
import { sendJson, sendJsonWithStatus } from '../api';
import { ApiError } from '../api-error';
import { currentCsrfToken } from '../query-client';

/** Where the server takes resumable uploads (tus 1.0). */
export const UPLOADS_ENDPOINT = '/api/v1/uploads';
/** One PATCH at most this long: a cut connection loses at most this much, and proxies accept it. */
const CHUNK_BYTES = 32 * 1024 * 1024;

/** What an upload says about its file, besides the SHA-256 the browser works out itself. */
export type UploadDescription = Omit<NewMediaItem, 'sha256'>;

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

/** tus Upload-Metadata: every field given, as text (tus-js-client encodes the values in base64). */
export function uploadMetadata(item: NewMediaItem): Record<string, string> {
  return Object.fromEntries(
    Object.entries(item).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

/**
 * Whether a failed request is worth sending again: a lost connection or a passing server failure
 * is; a refusal is not, and neither is 507 (the account is full: asking again changes nothing).
 */
export function shouldRetryUpload(status: number | null): boolean {
  if (status === null || status === 0) return true;
  if (status === 409 || status === 423) return true;
  if (status === 507) return false;
  return status >= 500 || status === 429;
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object';
}

/** A failed tus request as the API's ApiError (its JSON body read), so the portal explains it like any other. */
export function uploadFailure(error: Error | DetailedError): Error {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response === null) return error;
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = null;
  }
  const retryAfter = Number(response.getHeader('retry-after'));
  return new ApiError(
    response.getStatus(),
    isErrorBody(body) ? body.error : null,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

/**
 * Which of these hashes the account lacks (only those need their bytes sent), asked
 * MAX_MISSING_HASHES at a time.
 */
export async function missingHashes(hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  const missing = new Set<string>();
  for (let start = 0; start < unique.length; start += MAX_MISSING_HASHES) {
    const answer = await sendJson<z.infer<typeof MissingBlobsResponseSchema>>('POST', '/api/v1/media/missing', {
      hashes: unique.slice(start, start + MAX_MISSING_HASHES),
    });
    for (const hash of answer.missing) missing.add(hash);
  }
  return missing;
}

/**
 * An item from bytes the account has already (another item, or one in the bin): nothing is sent.
 * `created` is false when the same item existed already (the server answers 200, not 201).
 */
export async function itemFromKnownBytes(item: NewMediaItem, size: number): Promise<{ id: string; created: boolean }> {
  const { status, body } = await sendJsonWithStatus('POST', '/api/v1/media/items', { ...item, size });
  return { id: (body as MediaItemResponse).item.id, created: status === 201 };
}

/** tus options shared by every request about one file going to one place. */
function tusOptions(file: File, item: NewMediaItem): TusOptions {
  const csrfToken = currentCsrfToken();
  const metadata = uploadMetadata(item);
  return {
    endpoint: new URL(UPLOADS_ENDPOINT, window.location.href).href,
    metadata,
    headers: csrfToken === null ? {} : { 'x-csrf-token': csrfToken },
    // Same bytes for the same place: only then is an unfinished upload the one to continue (a file's
    // time cannot tell: a browser may report the moment it was picked).
    fingerprint: () => Promise.resolve(`nimbus-${item.sha256}-${file.size}-${JSON.stringify(metadata)}`),
    chunkSize: CHUNK_BYTES,
    removeFingerprintOnSuccess: true,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    onShouldRetry: (error) => shouldRetryUpload(error.originalResponse?.getStatus() ?? null),
  };
}

/** An unfinished upload of these bytes to this place that the browser remembers (after a cut or a reload). */
export interface UnfinishedUpload {
  sha256: string;
  previous: PreviousUpload;
}

/** The unfinished upload of the same bytes for the same place, if this browser remembers one. */
export async function findUnfinishedUpload(file: File, item: NewMediaItem): Promise<UnfinishedUpload | null> {
  const previous = await new Upload(file, tusOptions(file, item)).findPreviousUploads();
  const last = previous[0];
  return last === undefined ? null : { sha256: item.sha256, previous: last };
}

/** Deletes an unfinished upload on the server (its held space is given back); failing that, it expires. */
export function discardUnfinishedUpload(file: File, item: NewMediaItem, unfinished: UnfinishedUpload) {
  const url = unfinished.previous.uploadUrl;
  if (url !== null) Upload.terminate(url, tusOptions(file, item)).catch(() => undefined);
}

export interface SendOptions {
  /** An unfinished upload of the same file to continue from where the server stopped. */
  unfinished?: UnfinishedUpload | null;
  onProgress?: (sent: number, total: number) => void;
  /** Aborting stops the upload and gives its held space back to the account at once. */
  signal?: AbortSignal;
}

/**
 * Sends a file over tus, continuing an unfinished upload when given one. Resolves to the id of the
 * item it became; rejects with an ApiError the server's answer explains (507 when the account has
 * no room), or an AbortError when cancelled.
 */
export function sendMediaFile(
  file: File,
  item: NewMediaItem,
  { unfinished = null, onProgress, signal }: SendOptions = {},
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError());
      return;
    }
    const upload = new Upload(file, {
      ...tusOptions(file, item),
      onProgress: (sent, total) => onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) => {
        const id = lastResponse.getHeader(UPLOAD_ITEM_HEADER);
        if (id === undefined || id === '') reject(new Error('The server did not say which item the upload became.'));
        else resolve(id);
      },
      onError: (error) => reject(uploadFailure(error)),
    });
    signal?.addEventListener(
      'abort',
      () => {
        // Terminating the upload frees the space it held; whether that worked, the caller moves on.
        upload.abort(true).catch(() => undefined);
        reject(abortError());
      },
      { once: true },
    );
    if (unfinished !== null && unfinished.sha256 === item.sha256) upload.resumeFromPreviousUpload(unfinished.previous);
    upload.start();
  });
}
