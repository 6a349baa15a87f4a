import type { Device, DeviceList, UpdateSyncSwitches } from '@nimbus/protocol';
import { getJson, sendJson } from '../../api';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

export const DEVICES_QUERY_KEY = [...ACCOUNT_QUERY_KEY, 'devices'] as const;

/** The account's phones (and other syncing devices), the most recently seen first. */
export async function listDevices(signal?: AbortSignal): Promise<Device[]> {
  const { devices } = await getJson<DeviceList>('/api/v1/devices', signal === undefined ? {} : { signal });
  return devices.toSorted((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
}

export async function updateSwitches(id: string, update: UpdateSyncSwitches): Promise<Device> {
  const { device } = await sendJson<{ device: Device }>(
    'PATCH',
    `/api/v1/devices/${encodeURIComponent(id)}/sync`,
    update,
  );
  return device;
}

/** Signs the device out and stops its sync. */
export function removeDevice(id: string): Promise<undefined> {
  return sendJson('DELETE', `/api/v1/devices/${encodeURIComponent(id)}`);
}
