export interface MediaBlobsTable {
  account_id: string;
  sha256: string;
  size: number;
  refs: number;
  created_at: number;
}

export interface BlobOrphansTable {
  sha256: string;
  since: number;
}

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
  section: string;
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

export interface MediaUploadsTable {
  id: string;
  account_id: string;
  size: number;
  created_at: number;
  expires_at: number;
}

export interface MediaUsageTable {
  account_id: string;
  blobs: number;
  gallery: number;
  recordings: number;
  files: number;
  bin: number;
  recounted_at: number | null;
}

/** The tables of this module, by name: added to core's Tables wherever this file is compiled. */
export interface MediaTables {
  media_blobs: MediaBlobsTable;
  blob_orphans: BlobOrphansTable;
  media_folders: MediaFoldersTable;
  media_items: MediaItemsTable;
  media_uploads: MediaUploadsTable;
  media_usage: MediaUsageTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends MediaTables {}
}
