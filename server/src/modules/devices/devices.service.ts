import {
  CATEGORIES,
  type Category,
  type Device,
  type RegisterDeviceRequest,
  type SyncSwitches,
  type UpdateSyncSwitches,
} from '@nimbus/protocol';
import type { FastifyRequest } from 'fastify';
import { requireDevice, type Principal, type PrincipalDevice } from '../../core/auth/index.js';
import type { Clock } from '../../core/time.js';
import { AppError, forbidden, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { AccountsApi } from '../accounts/index.js';
import type { DeviceRef, DeviceRow, DevicesRepo, DeviceSyncRow } from './devices.repo.js';

const iso = (time: number) => new Date(time).toISOString();

export interface DevicesDeps {
  repo: DevicesRepo;
  clock: Clock;
  accounts: AccountsApi;
  /** Tells every node that a device is gone, so its open streams close at once. */
  announceRemoval: (accountId: string, deviceId: string) => void;
}

function toDevice(row: DeviceRow, switches: DeviceSyncRow[], caller: Principal, now: number): Device {
  const mine = switches.filter((entry) => entry.device_id === row.id);
  const sync = Object.fromEntries(
    CATEGORIES.map((category) => [category, mine.find((entry) => entry.category === category)?.enabled === 1]),
  ) as SyncSwitches;
  const lastSync = Object.fromEntries(
    CATEGORIES.map((category) => {
      const at = mine.find((entry) => entry.category === category)?.last_sync_at ?? null;
      return [category, at === null ? null : iso(at)];
    }),
  ) as Record<Category, string | null>;
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    os: row.os,
    osVersion: row.os_version,
    appVersion: row.app_version,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    online: row.stream_until !== null && row.stream_until > now,
    sync,
    lastSync,
    current: row.session_id === caller.sessionId,
  };
}

/** A device's registration, the owner's list of devices, and each device's sync switches. */
export class DevicesService {
  constructor(private readonly deps: DevicesDeps) {}

  /** Registers the calling device, or updates it when this sign-in registered before. */
  async register(caller: Principal, request: RegisterDeviceRequest): Promise<Device> {
    if (caller.via !== 'device') {
      throw new AppError('not_a_device', 'Only a signed-in device registers itself; sign in with the device first.');
    }
    const { repo, clock } = this.deps;
    const now = clock.now();
    const fields = {
      name: request.name,
      model: request.model,
      os: request.os,
      os_version: request.osVersion ?? '',
      app_version: request.appVersion ?? '',
      last_seen_at: now,
    };
    const existing = await repo.findBySession(caller.sessionId);
    if (existing === undefined) {
      await repo.insert({
        id: newId(),
        account_id: caller.accountId,
        session_id: caller.sessionId,
        created_at: now,
        ...fields,
      });
    } else {
      await repo.update(existing.id, fields);
    }
    const registered = await repo.findBySession(caller.sessionId);
    if (registered === undefined) throw new Error('a device just registered cannot be found');
    return this.describe(caller, registered);
  }

  async list(caller: Principal): Promise<Device[]> {
    const rows = await this.signedIn(await this.deps.repo.list(caller.accountId));
    const switches = await this.deps.repo.switches(rows.map((row) => row.id));
    const now = this.deps.clock.now();
    return rows.map((row) => toDevice(row, switches, caller, now));
  }

  async get(caller: Principal, id: string): Promise<Device> {
    return this.describe(caller, await this.resolve(caller, id));
  }

  /** Removes a device: its tokens stop working at once, so it cannot sync or receive commands. */
  async remove(caller: Principal, id: string, request: FastifyRequest): Promise<void> {
    const device = await this.resolve(caller, id);
    // Signed out first: from then on every call of the device answers 401 (sign in again), never a
    // confusing "not registered" from the moment in between.
    if (device.session_id !== null) await this.deps.accounts.endSession(caller.accountId, device.session_id, request);
    await this.deps.repo.markRemoved(device.id, this.deps.clock.now());
    this.deps.announceRemoval(caller.accountId, device.id);
  }

  /**
   * After sessions of the account were ended elsewhere (a password change, "sign out everywhere"):
   * its devices signed out are removed now, and their streams and long polls end at once.
   */
  async forgetSignedOut(accountId: string): Promise<void> {
    await this.signedIn(await this.deps.repo.list(accountId));
  }

  /** Whether the device is still registered (not removed). */
  async exists(device: PrincipalDevice): Promise<boolean> {
    return (await this.deps.repo.find(device.accountId, device.id)) !== undefined;
  }

  /**
   * The devices whose sign-in still lives. One signed out elsewhere (a password change, "sign out
   * all other sessions") can neither sync nor send again: it is removed here, as if by its owner.
   */
  private async signedIn(rows: DeviceRow[]): Promise<DeviceRow[]> {
    const live: DeviceRow[] = [];
    for (const row of rows) {
      if (row.session_id !== null && (await this.deps.accounts.isLive(row.session_id))) {
        live.push(row);
      } else {
        await this.deps.repo.markRemoved(row.id, this.deps.clock.now());
        this.deps.announceRemoval(row.account_id, row.id);
      }
    }
    return live;
  }

  async updateSwitches(caller: Principal, id: string, update: UpdateSyncSwitches): Promise<Device> {
    const device = await this.resolve(caller, id);
    const changes = new Map<Category, boolean>();
    if (update.all !== undefined) for (const category of CATEGORIES) changes.set(category, update.all);
    for (const category of CATEGORIES) {
      const value = update[category];
      if (value !== undefined) changes.set(category, value);
    }
    // The owner decides in the portal; a device may switch itself off, and on again only what it
    // switched off itself: a stolen or misbehaving phone cannot undo the owner's "off".
    const by = caller.scopes.has('account') ? 'owner' : 'device';
    if (by === 'device') {
      const locked = (await this.deps.repo.switches([device.id]))
        .filter((entry) => entry.off_by_owner === 1 && changes.get(entry.category) === true)
        .map((entry) => entry.category);
      if (locked.length > 0) {
        throw new AppError(
          'portal_only',
          `The account owner switched off ${locked.join(', ')} for this device; only the Nimbus portal switches it on again.`,
          { categories: locked },
        );
      }
    }
    await this.deps.repo.setSwitches(device.id, changes, by);
    return this.describe(caller, device);
  }

  /** Refuses a category the owner switched off on this device. */
  async requireEnabled(device: DeviceRef, category: Category): Promise<void> {
    const entry = await this.deps.repo.switchOf(device.id, category);
    if (entry?.enabled !== 1) {
      throw new AppError(
        'category_disabled',
        `Syncing ${category} is switched off for this device. Switch it on in the device's sync settings first.`,
        { category },
      );
    }
  }

  /** Marks a device connected until `until` (renewed while its stream lives), or not at all (null). */
  markStream(device: DeviceRef, until: number | null): Promise<void> {
    return this.deps.repo.setStreamUntil(device.id, until === null ? null : this.deps.clock.now() + until);
  }

  noteSync(device: DeviceRef, category: Category): Promise<void> {
    return this.deps.repo.noteSync(device.id, category, this.deps.clock.now());
  }

  /**
   * "current" is the calling device itself. A device may see and change only itself; the owner, in
   * the portal, every device: a stolen phone must not switch off or remove the others.
   */
  private async resolve(caller: Principal, id: string): Promise<DeviceRow> {
    if (id === 'current') return this.requireOwnDevice(caller);
    const device = await this.findOrFail(caller, id);
    if (caller.via === 'device' && device.session_id !== caller.sessionId) {
      throw forbidden('A device changes only itself; manage other devices in the portal.');
    }
    return device;
  }

  private async findOrFail(caller: Principal, id: string): Promise<DeviceRow> {
    const found = await this.deps.repo.find(caller.accountId, id);
    const [device] = found === undefined ? [] : await this.signedIn([found]);
    if (device === undefined) throw notFound('There is no such device (it may have been signed out).');
    return device;
  }

  private async requireOwnDevice(caller: Principal): Promise<DeviceRow> {
    const device = await this.deps.repo.find(caller.accountId, requireDevice(caller).id);
    if (device === undefined) throw notFound('This device was removed; sign in again.');
    return device;
  }

  private async describe(caller: Principal, device: DeviceRow): Promise<Device> {
    const fresh = (await this.deps.repo.find(caller.accountId, device.id)) ?? device;
    return toDevice(fresh, await this.deps.repo.switches([device.id]), caller, this.deps.clock.now());
  }
}
