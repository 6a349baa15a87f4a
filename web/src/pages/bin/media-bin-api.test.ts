import type { Folder, MediaBin, MediaItem } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { entriesOf, purgeDate, selectionOf } from './media-bin-api';

const item = (id: string, section: MediaItem['section'], deletedAt: string): MediaItem => ({
  id,
  section,
  kind: 'photo',
  name: `${id}.jpg`,
  mime: 'image/jpeg',
  sha256: 'a'.repeat(64),
  size: 10,
  takenAt: '2026-11-01T10:00:00.000Z',
  album: null,
  folderId: null,
  deviceId: null,
  width: null,
  height: null,
  durationMs: null,
  location: null,
  title: null,
  callNumber: null,
  thumbnail: 'ready',
  createdAt: '2026-11-01T10:00:00.000Z',
  deletedAt,
});
const folder = (id: string, deletedAt: string): Folder => ({
  id,
  name: id,
  parentId: null,
  createdAt: '2026-11-01T10:00:00.000Z',
  deletedAt,
});

describe('the media bin', () => {
  const bin: MediaBin = {
    items: [
      item('photo', 'gallery', '2026-11-03T00:00:00.000Z'),
      item('memo', 'recordings', '2026-11-04T00:00:00.000Z'),
      item('doc', 'files', '2026-11-02T00:00:00.000Z'),
    ],
    folders: [folder('taxes', '2026-11-05T00:00:00.000Z')],
    retentionDays: 30,
  };

  it('shows each section its own items, and folders with the files, latest deleted first', () => {
    expect(entriesOf(bin, 'gallery').map((entry) => entry.type)).toEqual(['item']);
    expect(entriesOf(bin, 'recordings')).toHaveLength(1);
    const files = entriesOf(bin, 'files');
    expect(files.map((entry) => (entry.type === 'item' ? entry.item.id : entry.folder.id))).toEqual(['taxes', 'doc']);
    expect(selectionOf(files)).toEqual({ ids: ['doc'], folderIds: ['taxes'] });
  });

  it('lets go of things after the retention', () => {
    expect(purgeDate('2026-11-05T12:00:00.000Z', 30).toISOString()).toBe('2026-12-05T12:00:00.000Z');
  });
});
