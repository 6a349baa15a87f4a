import { CATEGORIES, type Category } from '@nimbus/protocol';
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { PreparedQuery } from '../../core/db/prepared.js';
import { transact } from '../../core/db/transact.js';
import { MINUTE } from '../../core/time.js';
import type { DevicesTable, DeviceSyncTable } from './devices.tables.js';

export type DeviceRow = Selectable<DevicesTable>;
export type DeviceSyncRow = Selectable<DeviceSyncTable>;

/** Enough of a device to name it: a row, or the principal's device. */
export interface DeviceRef {
  readonly id: string;
}

const SWITCH_OF = new PreparedQuery((db, deviceId: string, category: Category) =>
  db.selectFrom('device_sync').selectAll().where('device_id', '=', deviceId).where('category', '=', category),
);

/** SQL of devices and their sync switches. */
export class DevicesRepo {
  constructor(private readonly db: Db) {}

  /** The registered (not removed) device of a device session. */
  findBySession(sessionId: string): Promise<DeviceRow | undefined> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  }

  /** A device of the account that was not removed; another account's id is simply not found. */
  find(accountId: string, id: string): Promise<DeviceRow | undefined> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  }

  list(accountId: string): Promise<DeviceRow[]> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('removed_at', 'is', null)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Stores a new device with every category switched on, in one transaction. */
  async insert(device: Insertable<DevicesTable>): Promise<void> {
    await transact(this.db, async (trx) => {
      await trx.insertInto('devices').values(device).execute();
      await trx
        .insertInto('device_sync')
        .values(
          CATEGORIES.map((category) => ({
            device_id: device.id,
            category,
            enabled: 1,
            off_by_owner: 0,
            last_sync_at: null,
          })),
        )
        .execute();
    });
  }

  async update(
    id: string,
    fields: Pick<DevicesTable, 'name' | 'model' | 'os' | 'os_version' | 'app_version' | 'last_seen_at'>,
  ): Promise<void> {
    await this.db.updateTable('devices').set(fields).where('id', '=', id).execute();
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async setStreamUntil(id: string, until: number | null): Promise<void> {
    await this.db.updateTable('devices').set({ stream_until: until }).where('id', '=', id).execute();
  }

  async markRemoved(id: string, now: number): Promise<void> {
    await this.db.updateTable('devices').set({ removed_at: now, session_id: null }).where('id', '=', id).execute();
  }

  /** The device's switch of one category: what every sync and record request checks. */
  switchOf(deviceId: string, category: Category): Promise<DeviceSyncRow | undefined> {
    return SWITCH_OF.executeTakeFirst(this.db, deviceId, category);
  }

  switches(deviceIds: readonly string[]): Promise<DeviceSyncRow[]> {
    if (deviceIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('device_sync').selectAll().where('device_id', 'in', deviceIds).execute();
  }

  /**
   * Sets switches as the owner (whose "off" locks the switch) or as the device itself, whose changes
   * are made only where they change something and never switch on what the owner switched off:
   * checked in the statement itself, so an owner's "off" arriving at the same moment still wins.
   */
  async setSwitches(deviceId: string, changes: ReadonlyMap<Category, boolean>, by: 'owner' | 'device'): Promise<void> {
    await transact(this.db, async (trx) => {
      for (const [category, enabled] of changes) {
        let update = trx
          .updateTable('device_sync')
          .set({ enabled: enabled ? 1 : 0, ...(by === 'owner' ? { off_by_owner: enabled ? 0 : 1 } : {}) })
          .where('device_id', '=', deviceId)
          .where('category', '=', category);
        if (by === 'device') update = update.where(enabled ? 'off_by_owner' : 'enabled', '=', enabled ? 0 : 1);
        await update.execute();
      }
    });
  }

  /**
   * Notes that the device synced the category now, unless it already did within the last minute
   * (as "last seen" is moved): a phone pulling page after page must not make every page a write
   * that waits for the disk.
   */
  async noteSync(deviceId: string, category: Category, now: number): Promise<void> {
    await this.db
      .updateTable('device_sync')
      .set({ last_sync_at: now })
      .where('device_id', '=', deviceId)
      .where('category', '=', category)
      .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<=', now - MINUTE)]))
      .execute();
  }
}
