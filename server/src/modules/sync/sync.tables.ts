import type { Category } from '@nimbus/protocol';

export interface SyncStateTable {
  account_id: string;
  modseq: number;
  pruned_through: number;
}

export interface RecordsTable {
  account_id: string;
  id: string;
  category: Category;
  version: number;
  etag: string;
  deleted: number;
  /** JSON of the category's data; null once a deleted record left the recycle bin. */
  data: string | null;
  /** JSON of what the server parsed out of a vCard or iCalendar item. */
  projection: string | null;
  search: string;
  sort_key: string;
  /** Calendar: when the item ends (far future when it repeats), for month views. */
  end_key: string;
  group_key: string | null;
  unread: number;
  size: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface PushReceiptsTable {
  device_id: string;
  record_id: string;
  /** 0 for a record the device created. */
  base_version: number;
  op: 'upsert' | 'delete';
  data_hash: string;
  version: number;
  etag: string;
  created_at: number;
}

/** The tables of this module, by name: added to core's Tables wherever this file is compiled. */
export interface SyncTables {
  sync_state: SyncStateTable;
  records: RecordsTable;
  push_receipts: PushReceiptsTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends SyncTables {}
}
