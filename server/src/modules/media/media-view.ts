import type { Folder, MediaItem, MediaKind, NewMediaItem, ThumbnailState } from '@nimbus/protocol';
import type { IngestInput } from './ingest.service.js';
import type { FolderRow } from './folders.repo.js';
import type { ItemRow } from './items.repo.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** An item row as the API shows it. */
export function presentItem(row: ItemRow): MediaItem {
  return {
    id: row.id,
    section: row.section,
    kind: row.kind as MediaKind,
    name: row.name,
    mime: row.mime,
    sha256: row.sha256,
    size: row.size,
    takenAt: iso(row.taken_at),
    album: row.album,
    folderId: row.folder_id,
    deviceId: row.device_id,
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    location:
      row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude },
    title: row.title,
    callNumber: row.call_number,
    thumbnail: row.thumbnail as ThumbnailState,
    createdAt: iso(row.created_at),
    deletedAt: row.deleted_at === null ? null : iso(row.deleted_at),
  };
}

export function presentFolder(row: FolderRow): Folder {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    createdAt: iso(row.created_at),
    deletedAt: row.deleted_at === null ? null : iso(row.deleted_at),
  };
}

/** Keyset cursor of a time-ordered list: `<taken_at>_<id>`. */
export function timeCursor(row: ItemRow): string {
  return `${row.taken_at}_${row.id}`;
}

export function parseTimeCursor(cursor: string | undefined): { takenAt: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(-?\d{1,15})_([0-9a-f-]{36})$/.exec(cursor);
  if (match === null) return undefined;
  return { takenAt: Number(match[1]), id: match[2] ?? '' };
}

/** 'YYYY-MM' of a time, in UTC. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** What a client says about a file it uploads (tus metadata, a PUT's query), as ingest takes it. */
export function ingestInputOf(item: NewMediaItem): IngestInput {
  return {
    section: item.section,
    name: item.name,
    expectedSha256: item.sha256,
    ...(item.folderId === undefined ? {} : { folderId: item.folderId }),
    ...(item.album === undefined ? {} : { album: item.album }),
    ...(item.takenAt === undefined ? {} : { takenAt: Date.parse(item.takenAt) }),
    ...(item.title === undefined ? {} : { title: item.title }),
    ...(item.callNumber === undefined ? {} : { callNumber: item.callNumber }),
  };
}
