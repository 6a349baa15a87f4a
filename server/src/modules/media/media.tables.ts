import type { MediaSection } from '@nimbus/protocol';

export interface MediaFoldersTable {
  id: string;
  account_id: string;
  parent_id: string | null;
  name: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  trashed_with: string | null;
}

export interface MediaItemsTable {
  id: string;
  account_id: string;
  section: MediaSection;
  kind: string;
  name: string;
  mime: string;
  sha256: string;
  size: number;
  taken_at: number;
  taken_month: string;
  album: string | null;
  folder_id: string | null;
  device_id: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  latitude: number | null;
  longitude: number | null;
  title: string | null;
  call_number: string | null;
  thumbnail: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  trashed_with: string | null;
}

/** The tables of this module, by name: added to core's Tables wherever this file is compiled. */
export interface MediaTables {
  media_folders: MediaFoldersTable;
  media_items: MediaItemsTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends MediaTables {}
}
