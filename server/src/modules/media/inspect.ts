import type { MediaKind } from '@nimbus/protocol';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import { parseFile } from 'music-metadata';
import sharp from 'sharp';
import { decodes, MAX_INPUT_PIXELS, runTool, SAFE_INPUT, TOOL_LIMITS } from './media-limits.js';

/** What the bytes of a file say about it; whatever cannot be read stays null. */
export interface Inspection {
  mime: string;
  kind: MediaKind;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** From EXIF: when the photo was taken (the camera's clock read as UTC unless EXIF gives an offset). */
  takenAt: number | null;
  location: { latitude: number; longitude: number } | null;
}

function kindOf(mime: string): MediaKind {
  if (mime.startsWith('image/')) return 'photo';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'other';
}

/**
 * Reads a file's type from its content (never from its name or the client's word), then what its
 * headers tell: dimensions, EXIF time and place, duration. Only headers are read, so a 2 GB video
 * costs milliseconds, and a hostile file can at worst leave fields empty.
 */
export async function inspectFile(path: string): Promise<Inspection> {
  const type = await fileTypeFromFile(path).catch(() => undefined);
  const mime = type?.mime ?? 'application/octet-stream';
  const kind = kindOf(mime);
  const inspection: Inspection = {
    mime,
    kind,
    width: null,
    height: null,
    durationMs: null,
    takenAt: null,
    location: null,
  };
  // Headers only, but sharp and ffprobe still parse hostile bytes: they share the decode slots.
  if (kind === 'photo') Object.assign(inspection, await decodes.run(() => readImage(path)));
  if (kind === 'video' || kind === 'audio') Object.assign(inspection, await decodes.run(() => readTimed(path, kind)));
  return inspection;
}

async function readImage(path: string): Promise<Partial<Inspection>> {
  const found: Partial<Inspection> = {};
  try {
    const meta = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    // EXIF orientations 5–8 turn the picture a quarter: what people see is the other way round.
    const turned = (meta.orientation ?? 1) >= 5;
    found.width = turned ? meta.height : meta.width;
    found.height = turned ? meta.width : meta.height;
  } catch {
    // Not decodable: the thumbnail job says so; the item keeps its bytes.
  }
  try {
    const exif = (await exifr.parse(path, {
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLongitude',
        'GPSLatitudeRef',
        'GPSLongitudeRef',
      ],
      gps: true,
    })) as { DateTimeOriginal?: unknown; CreateDate?: unknown; latitude?: unknown; longitude?: unknown } | undefined;
    const taken = exif?.DateTimeOriginal ?? exif?.CreateDate;
    if (taken instanceof Date && !Number.isNaN(taken.getTime())) found.takenAt = taken.getTime();
    const { latitude, longitude } = exif ?? {};
    if (isCoordinate(latitude, 90) && isCoordinate(longitude, 180)) found.location = { latitude, longitude };
  } catch {
    // No EXIF or broken EXIF: the device's time or the upload time stands.
  }
  return found;
}

function isCoordinate(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

async function readTimed(path: string, kind: 'video' | 'audio'): Promise<Partial<Inspection>> {
  const found: Partial<Inspection> = {};
  try {
    // Headers only: a full scan for the duration of a 2 GB file would hold the upload's answer.
    const meta = await parseFile(path, { duration: false, skipCovers: true });
    const seconds = meta.format.duration;
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0)
      found.durationMs = Math.round(seconds * 1000);
  } catch {
    // Unknown container: ffprobe may still know it.
  }
  if (kind === 'video' || found.durationMs === undefined)
    Object.assign(found, await probe(path), found.durationMs ? { durationMs: found.durationMs } : {});
  return found;
}

interface ProbeOutput {
  streams?: { codec_type?: string; width?: number; height?: number }[];
  format?: { duration?: string };
}

/** Dimensions and duration by ffprobe, where it is installed. */
async function probe(path: string): Promise<Partial<Inspection>> {
  try {
    const { code, stdout } = await runTool(
      'ffprobe',
      ['-v', 'error', ...SAFE_INPUT, '-print_format', 'json', '-show_streams', '-show_format', path],
      { timeoutMs: TOOL_LIMITS.probeMs, memoryBytes: TOOL_LIMITS.memoryBytes, maxOutput: 1024 * 1024 },
    );
    if (code !== 0) return {};
    const probe = JSON.parse(stdout.toString('utf8')) as ProbeOutput;
    const video = probe.streams?.find((stream) => stream.codec_type === 'video');
    const seconds = Number(probe.format?.duration);
    return {
      width: video?.width ?? null,
      height: video?.height ?? null,
      ...(Number.isFinite(seconds) ? { durationMs: Math.round(seconds * 1000) } : {}),
    };
  } catch {
    return {};
  }
}
