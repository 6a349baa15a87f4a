import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { CommandStatus, DeviceCommandsTable } from './devices.tables.js';

export type CommandRow = Selectable<DeviceCommandsTable>;

/** SQL of device commands: rows first, pushed second, so an offline phone gets them on reconnect. */
export class CommandsRepo {
  constructor(private readonly db: Db) {}

  async insert(command: Insertable<DeviceCommandsTable>): Promise<void> {
    await this.db.insertInto('device_commands').values(command).execute();
  }

  /**
   * Commands the device has not finished and that have not expired, oldest first; with
   * `deliveredBefore`, only those not delivered yet or delivered before then (so a device at work
   * on one is not handed it again and again).
   */
  open(deviceId: string, now: number, deliveredBefore?: number): Promise<CommandRow[]> {
    let query = this.db
      .selectFrom('device_commands')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('expires_at', '>', now);
    query =
      deliveredBefore === undefined
        ? query.where('status', 'in', ['pending', 'delivered'])
        : query.where((eb) =>
            eb.or([
              eb('status', '=', 'pending'),
              eb.and([eb('status', '=', 'delivered'), eb('delivered_at', '<', deliveredBefore)]),
            ]),
          );
    return query.orderBy('created_at').limit(100).execute();
  }

  /** How many commands wait for a device: a cap keeps one flooded device from piling up work. */
  async openCount(deviceId: string, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('device_commands')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('device_id', '=', deviceId)
      .where('status', 'in', ['pending', 'delivered'])
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return row.count;
  }

  async markDelivered(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('device_commands')
      .set({ status: 'delivered', delivered_at: now })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .execute();
  }

  find(deviceId: string, id: string): Promise<CommandRow | undefined> {
    return this.db
      .selectFrom('device_commands')
      .selectAll()
      .where('id', '=', id)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
  }

  /** Finishes an open command; false when it was finished (or expired) already. */
  async finish(
    id: string,
    status: Extract<CommandStatus, 'done' | 'failed' | 'expired'>,
    result: string | null,
    now: number,
  ) {
    const updated = await this.db
      .updateTable('device_commands')
      .set({ status, result, finished_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'delivered'])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Open commands whose time ran out. */
  overdue(now: number, limit: number): Promise<CommandRow[]> {
    return this.db
      .selectFrom('device_commands')
      .selectAll()
      .where('status', 'in', ['pending', 'delivered'])
      .where('expires_at', '<=', now)
      .limit(limit)
      .execute();
  }
}
