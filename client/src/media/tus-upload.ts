import fs from 'node:fs';
import { ErrorBodySchema, UPLOAD_ITEM_HEADER, type NewMediaItem } from '@nimbus/protocol';
import { Upload, type DetailedError, type HttpRequest, type HttpResponse } from 'tus-js-client';
import { NimbusApiError, type NimbusClient } from '../sdk.js';

/** Bytes per PATCH: big enough to be fast, small enough that memory stays flat and little is lost. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits before retrying a request that failed on the way (network cut, server restarting). */
const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000];

/** The upload was stopped (Ctrl-C); the server keeps what it has and a later run continues. */
export class UploadStoppedError extends Error {
  constructor() {
    super('the upload was stopped');
    this.name = 'UploadStoppedError';
  }
}

export interface TusUploadOptions {
  client: NimbusClient;
  /** The file on disk; read in slices of `chunkSize`, never whole. */
  file: string;
  item: NewMediaItem;
  /** The URL of an unfinished upload of the same bytes, to continue from the server's offset. */
  uploadUrl?: string;
  chunkSize?: number;
  signal?: AbortSignal;
  /**
   * The upload's URL is known, before any of its bytes are sent: keep it to continue after a crash.
   * `offset` is where the server stands (0 for a new upload).
   */
  onUrl?: (url: string, offset: number) => Promise<void>;
  /** Bytes the server has or is being sent, counted from the start of the file. */
  onProgress?: (sent: number, total: number) => void;
}

export interface TusUploadResult {
  /** The item the upload became, or null when the server had the whole file already (no answer names it). */
  itemId: string | null;
  /** Where the bytes started: the server's offset of a continued upload, else 0. */
  resumedAt: number;
  /** A remembered upload the server no longer knew (expired, finished or cancelled): it started again. */
  restarted: boolean;
}

/** The API's error answer behind a failed tus request, or the network error as it is. */
export function tusError(error: Error | DetailedError): Error {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response === null) {
    const cause = 'causingError' in error && error.causingError !== null ? error.causingError : error;
    return new Error(`the upload failed on the way: ${cause.message}`, { cause: error });
  }
  const status = response.getStatus();
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new NimbusApiError(status, code, message, details);
  }
  return new NimbusApiError(status, 'unexpected_response', `the upload server answered ${status}`);
}

/**
 * Uploads a file over tus 1.0, signed as the device (an access token that expires on the way is
 * refreshed), continuing `uploadUrl` when given. The URL is handed to `onUrl` and saved before the
 * first byte, so a killed process can continue. Throws NimbusApiError for the server's refusals
 * (507 quota, 415 type, 422 checksum, 404 gone), UploadStoppedError when `signal` aborts.
 */
export function uploadFile(options: TusUploadOptions): Promise<TusUploadResult> {
  const { client, item, signal } = options;
  if (signal?.aborted === true) return Promise.reject(new UploadStoppedError());
  return new Promise((resolve, reject) => {
    let usedToken = '';
    let refusedToken: string | undefined;
    let offset = 0;
    let notified: string | null = null;
    let resumedAt = 0;
    let restarted = false;
    let saved: Promise<void> = Promise.resolve();
    const metadata = Object.fromEntries(
      Object.entries(item).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const input = fs.createReadStream(options.file);
    // tus-js-client reads slices through streams of its own; a failure of this one shows there.
    input.on('error', () => undefined);
    const finish = (work: () => void) => {
      signal?.removeEventListener('abort', stop);
      input.destroy();
      work();
    };
    const upload = new Upload(input, {
      endpoint: client.uploadsEndpoint(),
      ...(options.uploadUrl === undefined ? {} : { uploadUrl: options.uploadUrl }),
      metadata,
      chunkSize: options.chunkSize ?? UPLOAD_CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      storeFingerprintForResuming: false,
      async onBeforeRequest(request: HttpRequest) {
        if (request.getMethod() === 'PATCH') await saved;
        usedToken = await client.deviceAccessToken(refusedToken);
        refusedToken = undefined;
        request.setHeader('Authorization', `Bearer ${usedToken}`);
      },
      onAfterResponse(request: HttpRequest, response: HttpResponse) {
        const status = response.getStatus();
        // A refused PATCH may be answered before its body was all sent: end the request, or its
        // socket stays stuck on the unsent bytes (holding the process and the server's connection).
        if (request.getMethod() === 'PATCH' && status >= 400) void request.abort();
        if (request.getMethod() === 'HEAD') {
          if (status >= 400 && status < 500 && status !== 401) restarted = true;
          else offset = Number.parseInt(response.getHeader('Upload-Offset') ?? '0', 10) || 0;
        }
        if (request.getMethod() === 'POST' && status === 201) offset = 0;
      },
      onShouldRetry(error: DetailedError, attempt: number) {
        const status = error.originalResponse?.getStatus() ?? 0;
        if (status === 401) {
          refusedToken = usedToken;
          return attempt < 2;
        }
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      // Called after every creation or HEAD, retries included: only a new URL is news.
      onUploadUrlAvailable() {
        const url = upload.url;
        if (url === null || url === notified) return;
        resumedAt = notified === null ? offset : 0;
        notified = url;
        if (options.onUrl !== undefined) saved = options.onUrl(url, offset);
      },
      onProgress: (sent, total) => options.onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) =>
        finish(() => {
          const itemId = lastResponse.getHeader(UPLOAD_ITEM_HEADER) ?? null;
          saved.then(() => resolve({ itemId, resumedAt, restarted }), reject);
        }),
      onError: (error) => finish(() => reject(tusError(error))),
    });
    const stop = () => {
      void upload.abort(false).finally(() => finish(() => reject(new UploadStoppedError())));
    };
    signal?.addEventListener('abort', stop, { once: true });
    upload.start();
  });
}
