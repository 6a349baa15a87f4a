import { UPLOAD_ITEM_HEADER, type ErrorBody, type NewMediaItem } from '@nimbus/protocol';
import { createSHA256 } from 'hash-wasm';
import { Upload, type DetailedError } from 'tus-js-client';
import { ApiError } from '../api-error';
import { currentCsrfToken } from '../query-client';

/** Where the server takes resumable uploads (tus 1.0). */
export const UPLOADS_ENDPOINT = '/api/v1/uploads';

/** What an upload says about its file, besides the SHA-256 the browser works out itself. */
export type UploadDescription = Omit<NewMediaItem, 'sha256'>;

export interface UploadProgress {
  phase: 'hashing' | 'uploading';
  /** Bytes read (hashing) or sent (uploading) so far. */
  done: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting stops the upload and gives its held space back to the account at once. */
  signal?: AbortSignal;
}

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
 * Uploads a file resumably: hashes it, then sends it over tus, picking up an earlier attempt of the
 * same file for the same place where it stopped (the browser remembers unfinished uploads).
 * Resolves to the id of the item it became; rejects with an ApiError the server's answer explains
 * (507 when the account has no room), or an AbortError when cancelled.
 */
export async function uploadMediaFile(
  file: File,
  description: UploadDescription,
  { onProgress, signal }: UploadOptions = {},
): Promise<string> {
  const sha256 = await sha256OfFile(file, (done, total) => onProgress?.({ phase: 'hashing', done, total }), signal);
  if (signal?.aborted === true) throw abortError();
  const item: NewMediaItem = { ...description, sha256 };
  const metadata = uploadMetadata(item);
  const csrfToken = currentCsrfToken();
  return new Promise<string>((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: UPLOADS_ENDPOINT,
      metadata,
      headers: csrfToken === null ? {} : { 'x-csrf-token': csrfToken },
      // Same bytes for the same place: only then is an unfinished upload the one to continue.
      fingerprint: () => Promise.resolve(`nimbus-${sha256}-${file.size}-${JSON.stringify(metadata)}`),
      removeFingerprintOnSuccess: true,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      onShouldRetry: (error) => shouldRetryUpload(error.originalResponse?.getStatus() ?? null),
      onProgress: (sent, total) => onProgress?.({ phase: 'uploading', done: sent, total }),
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
    upload
      .findPreviousUploads()
      .then((previous) => {
        const last = previous[0];
        if (last !== undefined) upload.resumeFromPreviousUpload(last);
        upload.start();
      })
      .catch(() => upload.start());
  });
}
