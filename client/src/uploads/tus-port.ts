import { UPLOAD_ITEM_HEADER, type NewMediaItem } from '@nimbus/protocol';
import { Upload, type DetailedError, type HttpRequest, type HttpResponse } from 'tus-js-client';

/** Bytes per PATCH unless a client chooses otherwise: fast, yet memory stays flat and a cut loses little. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits before retrying a request that failed on the way (network cut, server restarting). */
const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000];

/** What tus-js-client reads: a Blob in a browser; in Node a Buffer or a file's read stream. */
export type TusInput = ConstructorParameters<typeof Upload>[0];

/** The upload was stopped through its signal; whether the server keeps it depends on `terminateOnStop`. */
export class UploadStoppedError extends Error {
  constructor() {
    super('the upload was stopped');
    this.name = 'UploadStoppedError';
  }
}

/** A tus request the server answered with an error: its status, its JSON body if any, its Retry-After. */
export interface UploadRefusal {
  status: number;
  body: unknown;
  retryAfter: number | null;
}

/** The server's answer behind a failed tus request, or null when none came (the network failed). */
export function refusalOf(error: Error | DetailedError): UploadRefusal | null {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response === null) return null;
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = undefined;
  }
  const retryAfter = Number(response.getHeader('retry-after'));
  return {
    status: response.getStatus(),
    body,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  };
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

/** How one client speaks tus to the server. */
export interface TusConfig<S> {
  /** The absolute URL of /api/v1/uploads. */
  endpoint: string;
  /** What tus-js-client reads for `source`, and how to release it once the upload is over. */
  open(source: S): { input: TusInput; close?(): void };
  chunkSize?: number;
  /** Headers for every request (the portal's CSRF token), read afresh each time. */
  headers?(): Record<string, string>;
  /** A device's bearer token; asked again with the refused one after a 401 (it is refreshed). */
  token?(refused: string | undefined): Promise<string>;
  /** The error a failed request becomes: `refusal` is the server's answer, null when none came. */
  failure(error: Error, refusal: UploadRefusal | null): Error;
}

export interface TusSendOptions {
  /** The URL of an unfinished upload of the same bytes, to continue from the server's offset. */
  uploadUrl?: string | undefined;
  signal?: AbortSignal | undefined;
  /** On abort: delete the upload on the server (its held space is given back) rather than keep it to continue. */
  terminateOnStop?: boolean;
  /**
   * The upload's URL is known, before any of its bytes are sent: keep it to continue after a crash
   * (no PATCH goes out before this resolves). `offset` is where the server stands (0 for a new upload).
   */
  onUrl?(url: string, offset: number): Promise<void>;
  /** Bytes the server has or is being sent, counted from the start of the file. */
  onProgress?(sent: number, total: number): void;
}

export interface TusSendResult {
  /** The item the upload became (the last PATCH's Nimbus-Item-Id), null when no answer named it. */
  itemId: string | null;
  /** Where the bytes started: the server's offset of a continued upload, else 0. */
  resumedAt: number;
}

/** Sends and deletes uploads; the real one is `tusPort(config)`, tests may stand in for it. */
export interface TusPort<S> {
  send(source: S, item: NewMediaItem, options: TusSendOptions): Promise<TusSendResult>;
  /** Deletes an unfinished upload on the server (its held space is given back); failing that, it expires. */
  discard(url: string): Promise<void>;
}

/** tus 1.0 over tus-js-client, signed and explained the way `config` says. */
export function tusPort<S>(config: TusConfig<S>): TusPort<S> {
  let usedToken = '';
  let refusedToken: string | undefined;
  const sign = async (request: HttpRequest) => {
    for (const [name, value] of Object.entries(config.headers?.() ?? {})) request.setHeader(name, value);
    if (config.token === undefined) return;
    usedToken = await config.token(refusedToken);
    refusedToken = undefined;
    request.setHeader('Authorization', `Bearer ${usedToken}`);
  };
  const shouldRetry = (error: DetailedError, attempt: number) => {
    const status = error.originalResponse?.getStatus() ?? null;
    if (status === 401 && config.token !== undefined) {
      refusedToken = usedToken;
      return attempt < 2;
    }
    return shouldRetryUpload(status);
  };
  return {
    discard: (url) => Upload.terminate(url, { retryDelays: [], onBeforeRequest: sign }),
    send: (source, item, options) => send(config, source, item, options, sign, shouldRetry),
  };
}

function send<S>(
  config: TusConfig<S>,
  source: S,
  item: NewMediaItem,
  options: TusSendOptions,
  sign: (request: HttpRequest) => Promise<void>,
  shouldRetry: (error: DetailedError, attempt: number) => boolean,
): Promise<TusSendResult> {
  const { signal, uploadUrl } = options;
  if (signal?.aborted === true) return Promise.reject(new UploadStoppedError());
  return new Promise((resolve, reject) => {
    let offset = 0;
    let notified: string | null = null;
    let resumedAt = 0;
    let saved: Promise<void> = Promise.resolve();
    let over = false;
    const opened = config.open(source);
    const finish = (work: () => void) => {
      if (over) return;
      over = true;
      signal?.removeEventListener('abort', stop);
      opened.close?.();
      work();
    };
    const upload = new Upload(opened.input, {
      endpoint: config.endpoint,
      ...(uploadUrl === undefined ? {} : { uploadUrl }),
      metadata: uploadMetadata(item),
      chunkSize: config.chunkSize ?? UPLOAD_CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      // Where an unfinished upload is remembered is the caller's (see ResumeMemory).
      storeFingerprintForResuming: false,
      async onBeforeRequest(request: HttpRequest) {
        if (request.getMethod() === 'PATCH') await saved;
        await sign(request);
      },
      onAfterResponse(request: HttpRequest, response: HttpResponse) {
        const status = response.getStatus();
        // A refused PATCH may be answered before its body was all sent: end the request, or its
        // socket stays stuck on the unsent bytes (holding the process and the server's connection).
        if (request.getMethod() === 'PATCH' && status >= 400) void request.abort();
        if (request.getMethod() === 'HEAD' && status < 400)
          offset = Number.parseInt(response.getHeader('Upload-Offset') ?? '0', 10) || 0;
        if (request.getMethod() === 'POST' && status === 201) offset = 0;
      },
      onShouldRetry: shouldRetry,
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
          const itemId = lastResponse.getHeader(UPLOAD_ITEM_HEADER) ?? '';
          saved.then(() => resolve({ itemId: itemId === '' ? null : itemId, resumedAt }), reject);
        }),
      onError: (error) => finish(() => reject(config.failure(error, refusalOf(error)))),
    });
    const stop = () => {
      const aborted = upload.abort(options.terminateOnStop === true).catch(() => undefined);
      // A kept upload is left cleanly before the caller goes on (a process may exit next); a
      // deleted one need not hold the caller up.
      if (options.terminateOnStop === true) finish(() => reject(new UploadStoppedError()));
      else void aborted.finally(() => finish(() => reject(new UploadStoppedError())));
    };
    signal?.addEventListener('abort', stop, { once: true });
    upload.start();
  });
}
