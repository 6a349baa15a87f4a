import { MAX_MISSING_HASHES, type NewMediaItem } from '@nimbus/protocol';
import type { ResumeMemory } from './resume-memory.js';
import { UploadStoppedError, type TusPort, type TusSendResult } from './tus-port.js';

/** What an upload says about its file, besides the SHA-256 worked out on the way. */
export type UploadDescription = Omit<NewMediaItem, 'sha256'>;

/** One file to put in the account; clients extend it with what they need to show it. */
export interface UploadFile<S> {
  /** What `hash` and the tus port read: a path on disk, a browser's File… */
  source: S;
  size: number;
  item: UploadDescription;
  /** Its SHA-256 when already known: it is not read to hash it. */
  sha256?: string | undefined;
  /** Stops this file (hashing or sending); see UploadEnvironment.stopping. */
  signal?: AbortSignal | undefined;
}

/** What a client injects: how it reads, asks, signs and remembers. */
export interface UploadEnvironment<S, F extends UploadFile<S>, K> {
  /** The hex SHA-256 of a file's bytes, read a slice at a time; `onProgress` hears the bytes read so far. */
  hash(source: S, onProgress: (done: number) => void, signal?: AbortSignal): Promise<string>;
  /** A hash known without reading the file (remembered with an unfinished upload of it). */
  knownHash?(file: F): Promise<string | undefined>;
  /** POST /api/v1/media/missing: which of these hashes (at most MAX_MISSING_HASHES) the account lacks. */
  missing(hashes: string[]): Promise<Iterable<string>>;
  /** The item as the server is told of it, once its hash is known (the CLI finds its folder here). */
  prepare?(file: F, sha256: string): Promise<NewMediaItem>;
  /**
   * The account has these bytes: an item from them (POST /api/v1/media/items), or null when they
   * went meanwhile (deleted for ever), so they are uploaded after all.
   */
  fromKnownBytes(file: F, item: NewMediaItem): Promise<K | null>;
  tus: TusPort<S>;
  resume: ResumeMemory<F>;
  /**
   * What a stopped file means: `pause` (Ctrl-C) keeps its upload on the server and remembered, to
   * continue next time; `cancel` (the portal's button) deletes it and gives the held space back.
   */
  stopping: 'pause' | 'cancel';
}

/** How one file ended. `failed` at `hash`: it could not be read; at `store`: the server or the way there. */
export type UploadOutcome<K> =
  | { kind: 'present'; sha256: string; known: K }
  | {
      kind: 'uploaded';
      sha256: string;
      item: NewMediaItem;
      /** The item the upload became, null when no answer named it. */
      itemId: string | null;
      /** The server's offset it continued from (0: from the start), and the bytes sent this time. */
      resumedAt: number;
      sent: number;
    }
  | { kind: 'failed'; sha256: string | null; stage: 'hash' | 'store'; error: unknown }
  | { kind: 'stopped'; sha256: string | null };

/** What happens on the way, for progress bars and status lines; every callback is optional. */
export interface UploadEvents<F, K> {
  /** Hashing begins: `total` bytes are to be read (files whose hash is known are not). */
  hashingStarted?(total: number): void;
  /** `done` bytes of this file are hashed. */
  hashing?(file: F, done: number): void;
  hashingEnded?(): void;
  /** These files are hashed; the server is being asked which of their bytes it lacks. */
  checking?(files: readonly F[]): void;
  /** The file's bytes are to be sent. */
  uploading?(file: F): void;
  /** An unfinished upload continues: the server already has `offset` bytes. */
  resuming?(file: F, offset: number): void;
  /** A remembered upload the server no longer knew (expired, finished, cancelled): it starts from the first byte. */
  restarting?(file: F): void;
  /** The upload's URL is remembered; bytes go from `offset`. */
  sending?(file: F, offset: number): void;
  /** The server has, or is being sent, `sent` of the file's `total` bytes. */
  progress?(file: F, sent: number, total: number): void;
  /** The attempt to send the file is over, however it ended. */
  sendingEnded?(file: F): void;
  /** The file is over; files go one after another, and the next waits for this (an error thrown here ends the run). */
  settled?(file: F, outcome: UploadOutcome<K>): void | Promise<void>;
}

/** The HTTP status an error carries (the SDK's NimbusApiError, the portal's ApiError), else null. */
export function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null;
  return typeof error.status === 'number' ? error.status : null;
}

const stopped = (file: UploadFile<unknown>, error?: unknown) =>
  file.signal?.aborted === true || error instanceof UploadStoppedError;

/**
 * Puts files in the account the way every Nimbus client should: hashes them, asks the server once
 * which hashes it lacks, makes items from the bytes it already has, and uploads only the rest over
 * tus, one file at a time, continuing a remembered upload from the server's offset (one the server
 * lost starts again). Answers each file's outcome in order; throws only when the server cannot say
 * which bytes it lacks, or when `settled` throws.
 */
export async function uploadFiles<S, F extends UploadFile<S>, K>(
  files: readonly F[],
  env: UploadEnvironment<S, F, K>,
  events: UploadEvents<F, K> = {},
): Promise<UploadOutcome<K>[]> {
  const hashes = await hashAll(files, env, events);
  const live: F[] = [];
  const held = new Set<string>();
  for (const [index, file] of files.entries()) {
    const hash = hashes[index];
    if (stopped(file) || typeof hash !== 'string') continue;
    live.push(file);
    held.add(hash);
  }
  const unique = [...held];
  if (live.length > 0) {
    events.checking?.(live);
    for (let start = 0; start < unique.length; start += MAX_MISSING_HASHES)
      for (const hash of await env.missing(unique.slice(start, start + MAX_MISSING_HASHES))) held.delete(hash);
  }
  const outcomes: UploadOutcome<K>[] = [];
  for (const [index, file] of files.entries()) {
    const hash = hashes[index];
    let outcome: UploadOutcome<K>;
    if (stopped(file)) outcome = { kind: 'stopped', sha256: typeof hash === 'string' ? hash : null };
    else if (typeof hash === 'string') outcome = await store(file, hash, held, env, events);
    else outcome = { kind: 'failed', sha256: null, stage: 'hash', error: hash?.error };
    outcomes.push(outcome);
    await events.settled?.(file, outcome);
  }
  return outcomes;
}

/** Each file's SHA-256, or why it could not be read (undefined: stopped first). */
async function hashAll<S, F extends UploadFile<S>, K>(
  files: readonly F[],
  env: UploadEnvironment<S, F, K>,
  events: UploadEvents<F, K>,
): Promise<(string | { error: unknown } | undefined)[]> {
  const known = await Promise.all(files.map(async (file) => file.sha256 ?? (await env.knownHash?.(file))));
  const total = files.reduce((sum, file, index) => sum + (known[index] === undefined ? file.size : 0), 0);
  if (total > 0) events.hashingStarted?.(total);
  try {
    const hashes: (string | { error: unknown } | undefined)[] = [];
    for (const [index, file] of files.entries()) {
      const onProgress = (done: number) => events.hashing?.(file, done);
      hashes.push(
        stopped(file)
          ? undefined
          : (known[index] ??
              (await env.hash(file.source, onProgress, file.signal).catch((error: unknown) => ({ error })))),
      );
    }
    return hashes;
  } finally {
    if (total > 0) events.hashingEnded?.();
  }
}

async function store<S, F extends UploadFile<S>, K>(
  file: F,
  sha256: string,
  held: Set<string>,
  env: UploadEnvironment<S, F, K>,
  events: UploadEvents<F, K>,
): Promise<UploadOutcome<K>> {
  try {
    const item = (await env.prepare?.(file, sha256)) ?? { ...file.item, sha256 };
    if (held.has(sha256)) {
      const known = await env.fromKnownBytes(file, item);
      if (known !== null) {
        // A half-sent copy of these bytes is of no use now: its held space goes back.
        const unfinished = await env.resume.find(file, sha256);
        if (unfinished !== undefined) {
          await env.resume.forget(file, sha256);
          env.tus.discard(unfinished).catch(() => undefined);
        }
        return { kind: 'present', sha256, known };
      }
    }
    if (stopped(file)) return { kind: 'stopped', sha256 };
    events.uploading?.(file);
    const remembered = await env.resume.find(file, sha256);
    let result: TusSendResult;
    try {
      result = await send(file, item, remembered, env, events);
    } catch (error) {
      // The remembered upload is gone on the server: once more, from the first byte.
      if (remembered === undefined || statusOf(error) !== 404) throw error;
      events.restarting?.(file);
      result = await send(file, item, undefined, env, events);
    }
    held.add(sha256);
    return { kind: 'uploaded', sha256, item, ...result, sent: file.size - result.resumedAt };
  } catch (error) {
    if (stopped(file, error)) return { kind: 'stopped', sha256 };
    return { kind: 'failed', sha256, stage: 'store', error };
  }
}

async function send<S, F extends UploadFile<S>, K>(
  file: F,
  item: NewMediaItem,
  uploadUrl: string | undefined,
  env: UploadEnvironment<S, F, K>,
  events: UploadEvents<F, K>,
): Promise<TusSendResult> {
  const { resume } = env;
  try {
    const result = await env.tus.send(file.source, item, {
      uploadUrl,
      signal: file.signal,
      terminateOnStop: env.stopping === 'cancel',
      onUrl: async (url, offset) => {
        if (url === uploadUrl && offset > 0) events.resuming?.(file, offset);
        if (url !== uploadUrl && uploadUrl !== undefined) events.restarting?.(file);
        await resume.remember(file, item.sha256, url);
        events.sending?.(file, offset);
      },
      onProgress: (sent, total) => events.progress?.(file, sent, total),
    });
    await resume.forget(file, item.sha256);
    return result;
  } catch (error) {
    const status = statusOf(error);
    // Paused, cut or failing for now: it continues next time. Cancelled or refused for good: the
    // server dropped it (or is told to), so it is forgotten.
    const paused = stopped(file, error) && env.stopping === 'pause';
    const refused = status !== null && status < 500 && status !== 401;
    if ((stopped(file, error) && !paused) || refused) await resume.forget(file, item.sha256);
    throw error;
  } finally {
    events.sendingEnded?.(file);
  }
}
