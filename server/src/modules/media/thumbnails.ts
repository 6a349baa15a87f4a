import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp, { type ResizeOptions } from 'sharp';
import { decodes, MAX_INPUT_PIXELS, runTool, SAFE_INPUT, TOOL_LIMITS, ToolKilledError } from './media-limits.js';

export type ThumbnailSize = 'thumb' | 'preview';

/** Square crop for the timeline; the viewer's preview fits inside 1440 px. */
const SIZES: Record<ThumbnailSize, ResizeOptions> = {
  thumb: { width: 320, height: 320, fit: 'cover', position: 'attention' },
  preview: { width: 1440, height: 1440, fit: 'inside', withoutEnlargement: true },
};

/** A photo or video that cannot be made into a picture: the portal shows a placeholder instead. */
export class UndecodableError extends Error {
  override name = 'UndecodableError';
}

/**
 * Thumbnails and previews as WebP files, one pair per blob (items with the same bytes share them),
 * under `<root>/ab/<sha256>-<size>.webp`. Written to a temp name and renamed: never half a picture.
 */
export class ThumbnailStore {
  constructor(readonly root: string) {}

  path(sha256: string, size: ThumbnailSize): string {
    return join(this.root, sha256.slice(0, 2), `${sha256}-${size}.webp`);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.path(sha256, 'thumb'));
      await stat(this.path(sha256, 'preview'));
      return true;
    } catch {
      return false;
    }
  }

  async remove(sha256: string): Promise<void> {
    for (const size of ['thumb', 'preview'] as const) await rm(this.path(sha256, size), { force: true });
  }

  /**
   * Makes both sizes from an image file, or from a still frame of a video (needs ffmpeg; without it
   * returns false). Throws UndecodableError for what cannot be decoded, a pixel bomb included.
   */
  make(sha256: string, source: string, kind: 'photo' | 'video', signal: AbortSignal): Promise<boolean> {
    // Bounded across the process: a burst of uploads queues here instead of filling the memory.
    return decodes.run(() => this.decode(sha256, source, kind, signal));
  }

  private async decode(sha256: string, source: string, kind: 'photo' | 'video', signal: AbortSignal) {
    let input: string | Buffer = source;
    if (kind === 'video') {
      const frame = await videoFrame(source, signal);
      if (frame === null) return false;
      input = frame;
    }
    let preview: Buffer;
    let thumb: Buffer;
    try {
      // Each size from the original: JPEG shrink-on-load makes the small one cheap, cheaper than
      // decoding the preview again.
      preview = await this.render(input, 'preview');
      thumb = await this.render(input, 'thumb');
    } catch (error) {
      throw new UndecodableError((error as Error).message);
    }
    await mkdir(dirname(this.path(sha256, 'thumb')), { recursive: true });
    // Preview first: `has` looks for both, so a crash between the two leaves the work to be done again.
    await this.write(this.path(sha256, 'preview'), preview);
    await this.write(this.path(sha256, 'thumb'), thumb);
    return true;
  }

  private render(input: string | Buffer, size: ThumbnailSize): Promise<Buffer> {
    return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize(SIZES[size])
      .webp({ quality: size === 'thumb' ? 70 : 80 })
      .toBuffer();
  }

  private async write(target: string, picture: Buffer): Promise<void> {
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    // Synced before the rename: after a crash a picture is whole or absent, never an empty "ready" file.
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(picture);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  }
}

let ffmpegKnown: boolean | undefined;

/** Whether ffmpeg can be run here; asked once. */
export async function hasFfmpeg(): Promise<boolean> {
  ffmpegKnown ??= await new Promise<boolean>((resolve) => {
    const child = spawn('ffmpeg', ['-version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  return ffmpegKnown;
}

/** A PNG of the video's frame at one second (or its first), or null without ffmpeg. */
async function videoFrame(source: string, signal: AbortSignal): Promise<Buffer | null> {
  if (!(await hasFfmpeg())) return null;
  for (const at of ['1', '0']) {
    let frame: Buffer | null;
    try {
      const { code, stdout } = await runTool(
        'ffmpeg',
        [
          '-v',
          'error',
          ...SAFE_INPUT,
          '-ss',
          at,
          '-i',
          source,
          '-frames:v',
          '1',
          '-f',
          'image2pipe',
          '-vcodec',
          'png',
          '-',
        ],
        { timeoutMs: TOOL_LIMITS.frameMs, memoryBytes: TOOL_LIMITS.memoryBytes, maxOutput: 256 * 1024 * 1024, signal },
      );
      frame = code === 0 && stdout.length > 0 ? stdout : null;
    } catch (error) {
      // Past its time, memory or output a file is as undecodable as a broken one: a placeholder.
      if (error instanceof ToolKilledError) throw new UndecodableError(error.message);
      throw error;
    }
    if (frame !== null) return frame;
  }
  throw new UndecodableError('ffmpeg found no frame in the video');
}
