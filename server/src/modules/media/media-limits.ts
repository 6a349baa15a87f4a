import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MINUTE, SECOND } from '../../core/time.js';

/** Limits on what Nimbus decodes of uploaded files. */

/**
 * Images larger than this are not decoded at all: a decompression bomb stops at its header. A
 * phone's main camera makes 12–50 MP, its 200 MP mode binned or not about 100 MP at most; each
 * decoded megapixel costs 3–4 MB of memory.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/** Decodes (sharp, ffmpeg, ffprobe) running at once across the process: a 100 MP decode holds ~400 MB. */
export const MAX_DECODES = 2;

/**
 * Input options for ffmpeg and ffprobe on an uploaded file: read that file and nothing else (a file
 * that is really a playlist must not make them fetch URLs or read other local files), and only
 * audio and video containers.
 */
export const SAFE_INPUT = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,flv,ogg,wav,mp3,aac,amr,asf',
];

/** What an ffmpeg or ffprobe run may take before it is killed. */
export const TOOL_LIMITS = {
  /** A still frame of a 4K video takes under a second; a crafted file must not hold a slot longer. */
  frameMs: MINUTE,
  /** ffprobe reads headers: seconds. */
  probeMs: 15 * SECOND,
  /** Address space: a 4K frame decodes in ~100 MB; ffmpeg's own threads and buffers fit with room. */
  memoryBytes: 1024 ** 3,
};

/**
 * A counting semaphore: at most `size` holders at once, the others wait in order. `peak` is the most
 * that ever held it together (tests read it to show the bound holds).
 */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  peak = 0;

  constructor(readonly size: number) {}

  get inUse(): number {
    return this.active;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so no newcomer can jump the queue.
      const next = this.waiting.shift();
      if (next === undefined) this.active -= 1;
      else next();
    }
  }
}

/** Every decode of uploaded media takes one of these. */
export const decodes = new Slots(MAX_DECODES);

/** An external tool ran past its time (or was killed for its memory or output). */
export class ToolKilledError extends Error {
  override name = 'ToolKilledError';
}

export interface ToolRun {
  code: number | null;
  stdout: Buffer;
}

export interface ToolOptions {
  timeoutMs: number;
  /** Address-space limit, enforced by the kernel through prlimit(1) (util-linux, on every Debian). */
  memoryBytes: number;
  /** Most bytes of output kept; past it the tool is killed. */
  maxOutput: number;
  signal?: AbortSignal;
}

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((candidate) => existsSync(candidate)) ?? null;

/**
 * Runs ffmpeg or ffprobe on an uploaded file under a memory and a time limit. The memory limit is
 * set by prlimit, which sets RLIMIT_AS and then becomes the tool (same process), so an allocation
 * past it fails inside the tool instead of the machine swapping; where prlimit is missing the tool
 * runs without one (logged once by the caller's failure, never silently unbounded in time). Past
 * the time its whole process group is killed with SIGKILL, which a stuck decoder cannot ignore. Rejects with
 * ToolKilledError then, and with the spawn error when the tool is not installed.
 */
export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  const [file, argv] =
    PRLIMIT === null
      ? [command, [...args]]
      : [
          PRLIMIT,
          [`--as=${options.memoryBytes}`, `--cpu=${Math.ceil(options.timeoutMs / 1000)}`, '--', command, ...args],
        ];
  return new Promise<ToolRun>((resolve, reject) => {
    // Its own process group, so a kill reaches whatever it started too (a wrapper's children would
    // otherwise keep the pipe open and the call waiting).
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let killed: string | null = null;
    const kill = (why: string) => {
      killed ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    };
    const timer = setTimeout(
      () => kill(`${command} ran past ${options.timeoutMs} ms and was killed`),
      options.timeoutMs,
    );
    const onAbort = () => kill(`${command} was stopped`);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    const chunks: Buffer[] = [];
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxOutput) kill(`${command} wrote more than ${options.maxOutput} bytes and was killed`);
      else if (killed === null) chunks.push(chunk);
    });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('close', (code, signal) => {
      done();
      if (killed !== null) reject(new ToolKilledError(killed));
      else if (signal !== null) reject(new ToolKilledError(`${command} was killed (${signal})`));
      else resolve({ code, stdout: Buffer.concat(chunks) });
    });
  });
}
