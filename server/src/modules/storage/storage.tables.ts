// The storage module's tables. Their names are older than the module (migration 0007 made them for
// media, their first user) and stay as they are: renaming tables buys nothing a migration could not break.

/** An account's reference to a blob: counted once however many of its items (or, later, backups) name it. */
export interface BlobRefsTable {
  account_id: string;
  sha256: string;
  size: number;
  /** How many of the account's rows name it; the reference goes with the last one. */
  refs: number;
  created_at: number;
}

/** Blobs that may have lost their last reference, or whose bytes went in before anything named them. */
export interface BlobOrphansTable {
  sha256: string;
  since: number;
}

/** Space held for uploads under way, from their declared size. */
export interface UploadHoldsTable {
  id: string;
  account_id: string;
  size: number;
  created_at: number;
  expires_at: number;
}

/**
 * The account's usage row: its lock for quota checks, the bytes of its distinct blobs (what the quota
 * counts) and the breakdown the storage page shows (kept by media through this module's API).
 */
export interface StorageUsageTable {
  account_id: string;
  blobs: number;
  gallery: number;
  recordings: number;
  files: number;
  bin: number;
  recounted_at: number | null;
}

/** The tables of this module, by name (migration 0007 named them when media kept them). */
export interface StorageTables {
  media_blobs: BlobRefsTable;
  blob_orphans: BlobOrphansTable;
  media_uploads: UploadHoldsTable;
  media_usage: StorageUsageTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends StorageTables {}
}
