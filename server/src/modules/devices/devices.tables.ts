import type { Category } from '@nimbus/protocol';

export interface DevicesTable {
  id: string;
  account_id: string;
  session_id: string | null;
  name: string;
  model: string;
  os: string;
  os_version: string;
  app_version: string;
  created_at: number;
  last_seen_at: number;
  removed_at: number | null;
  /** While a stream from it is open: renewed at each ping, so a node that died stops vouching for it. */
  stream_until: number | null;
}

export interface DeviceSyncTable {
  device_id: string;
  category: Category;
  enabled: number;
  /** 1 when the owner switched it off in the portal: then only the owner switches it on again. */
  off_by_owner: number;
  last_sync_at: number | null;
}

export type CommandStatus = 'pending' | 'delivered' | 'done' | 'failed' | 'expired';

export interface DeviceCommandsTable {
  id: string;
  account_id: string;
  device_id: string;
  kind: string;
  /** JSON. */
  payload: string;
  status: CommandStatus;
  /** JSON of the device's report, once done or failed. */
  result: string | null;
  created_at: number;
  delivered_at: number | null;
  finished_at: number | null;
  expires_at: number;
}

/** The tables of this module, by name: added to core's Tables wherever this file is compiled. */
export interface DevicesTables {
  devices: DevicesTable;
  device_sync: DeviceSyncTable;
  device_commands: DeviceCommandsTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends DevicesTables {}
}
