import { setImmediate } from 'node:timers/promises';
import { MAX_PUSH_ITEMS, type Category, type PushItem, type PushResult } from '@nimbus/protocol';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { AppError } from '../../core/http/errors.js';
import { requireDevice, requireScope, type Principal, type PrincipalDevice } from '../../core/auth/index.js';
import type { DeviceRef, DevicesService } from '../devices/index.js';
import { InvalidItem, prepareData, type PreparedData } from './payloads/index.js';
import { toChange } from './record-view.js';
import type { RecordRow, SyncRepo } from './sync.repo.js';

export interface PullPage {
  rows: RecordRow[];
  cursor: string;
  more: boolean;
}

/** Says "look now" to an account's connected devices after a change; best effort, after commit. */
export type ChangeNotifier = (accountId: string, category: Category, originDeviceId: string | null) => void;

/** A phone's first sync of 50,000 records is 100 pushes: room for that, not for a flood. */
export const PUSH_LIMIT: Limit = { points: 300, seconds: 60 };

export interface SyncDeps {
  repo: SyncRepo;
  clock: Clock;
  limits: RateLimits;
  devices: DevicesService;
  notify: ChangeNotifier;
}

/** One change to apply: checked and parsed before the transaction, so the transaction stays short. */
export type PreparedItem =
  | { id: string; op: 'upsert'; baseVersion: number | null; prepared: PreparedData }
  | { id: string; op: 'delete'; baseVersion: number | null }
  | { id: string; invalid: InvalidItem };

const DELETE_HASH = 'delete';

function prepareItem(category: Category, item: PushItem): PreparedItem {
  if (item.op === 'delete') return { id: item.id, op: 'delete', baseVersion: item.baseVersion };
  if (item.data === undefined) {
    return { id: item.id, invalid: new InvalidItem('invalid_data', 'An upsert carries the record in "data".') };
  }
  try {
    return { id: item.id, op: 'upsert', baseVersion: item.baseVersion, prepared: prepareData(category, item.data) };
  } catch (error) {
    if (error instanceof InvalidItem) return { id: item.id, invalid: error };
    throw error;
  }
}

/**
 * The sync engine: every change of an account takes the next number of its modification sequence;
 * a device pulls what changed after its cursor and pushes batches that apply in one transaction,
 * item by item against the version each was based on.
 */
export class SyncEngine {
  constructor(private readonly deps: SyncDeps) {}

  /** A page of the change feed, as rows: the route writes them out (see pullJson). */
  async pull(caller: Principal, category: Category, since: number, limit: number): Promise<PullPage> {
    const device = await this.deviceFor(caller, category);
    const { repo } = this.deps;
    const { prunedThrough } = await repo.sequence(caller.accountId);
    if (since > 0 && since < prunedThrough) {
      throw new AppError(
        'cursor_expired',
        'This cursor is older than the deletions the server still remembers. Sync this category again from the start (since=0).',
        { category },
      );
    }
    // From the start a device needs what exists, not what was deleted before it ever looked.
    const rows = await repo.feed(caller.accountId, category, since, limit + 1, since > 0);
    const page = pageOf(rows, limit);
    const more = page.length < rows.length;
    if (device !== null) await this.deps.devices.noteSync(device, category);
    return { rows: page, cursor: String(page.at(-1)?.version ?? since), more };
  }

  async push(caller: Principal, category: Category, items: readonly PushItem[]): Promise<PushResult[]> {
    if (items.length > MAX_PUSH_ITEMS) {
      throw new AppError(
        'payload_too_large',
        `A push carries at most ${MAX_PUSH_ITEMS} items; send the rest in another.`,
        {
          limitItems: MAX_PUSH_ITEMS,
        },
      );
    }
    const ids = new Set(items.map((item) => item.id));
    if (ids.size !== items.length) {
      throw new AppError(
        'bad_request',
        'Each record appears once in a push: merge the changes of one record into one item.',
      );
    }
    const device = await this.deviceFor(caller, category);
    await this.deps.limits.consume('sync:push', PUSH_LIMIT, caller.accountId);
    const prepared: PreparedItem[] = [];
    for (const [index, item] of items.entries()) {
      // Parsing 500 vCards takes a while: let other requests through now and then.
      if (index > 0 && index % 50 === 0) await setImmediate();
      prepared.push(prepareItem(category, item));
    }
    const results = await this.apply(caller.accountId, category, device, prepared);
    if (device !== null) await this.deps.devices.noteSync(device, category);
    return results;
  }

  /**
   * Applies prepared items in one transaction and tells the account's devices. A device's items
   * leave receipts: the same item pushed again answers as before and changes nothing.
   */
  async apply(
    accountId: string,
    category: Category,
    device: DeviceRef | null,
    items: readonly PreparedItem[],
    /** More work that must commit with these changes or not at all (a command to a phone). */
    alsoInTransaction?: (db: Db) => Promise<void>,
  ): Promise<PushResult[]> {
    const now = this.deps.clock.now();
    const ids = items.map((item) => item.id);
    const { results, changed } = await this.deps.repo.transaction(async (repo) => {
      const { modseq } = await repo.lockSequence(accountId);
      let next = modseq;
      const current = new Map((await repo.findMany(accountId, ids)).map((row) => [row.id, row]));
      const receipts = new Map(
        (device === null ? [] : await repo.receipts(device.id, ids)).map((receipt) => [
          `${receipt.record_id}\u0000${receipt.base_version}`,
          receipt,
        ]),
      );
      const out: PushResult[] = [];
      for (const item of items) {
        if ('invalid' in item) {
          out.push({
            id: item.id,
            status: 'rejected',
            error: { code: item.invalid.code, message: item.invalid.message },
          });
          continue;
        }
        const hash = item.op === 'upsert' ? item.prepared.etag : DELETE_HASH;
        const receipt = receipts.get(`${item.id}\u0000${item.baseVersion ?? 0}`);
        if (receipt?.op === item.op && receipt.data_hash === hash) {
          out.push({ id: item.id, status: 'applied', version: receipt.version, etag: receipt.etag });
          continue;
        }
        const result = await this.applyOne(repo, accountId, category, current.get(item.id), item, () => ++next, now);
        out.push(result);
        if (result.status === 'applied') {
          const row = await repo.find(accountId, item.id);
          if (row !== undefined) current.set(item.id, row);
          if (device !== null) {
            await repo.insertReceipt({
              device_id: device.id,
              record_id: item.id,
              base_version: item.baseVersion ?? 0,
              op: item.op,
              data_hash: hash,
              version: result.version,
              etag: result.etag,
              created_at: now,
            });
          }
        }
      }
      if (next !== modseq) await repo.setSequence(accountId, next);
      if (alsoInTransaction !== undefined) await alsoInTransaction(repo.connection);
      return { results: out, changed: next !== modseq };
    });
    if (changed) this.deps.notify(accountId, category, device?.id ?? null);
    return results;
  }

  private async applyOne(
    repo: SyncRepo,
    accountId: string,
    category: Category,
    existing: RecordRow | undefined,
    item: Exclude<PreparedItem, { invalid: InvalidItem }>,
    nextVersion: () => number,
    now: number,
  ): Promise<PushResult> {
    const { id } = item;
    if (existing !== undefined && existing.category !== category) {
      return rejected(id, 'wrong_category', `Record ${id} belongs to ${existing.category}, not ${category}.`);
    }
    if (existing === undefined) {
      if (item.baseVersion !== null) return rejected(id, 'not_found', `There is no record ${id}.`);
      if (item.op === 'delete') return rejected(id, 'not_found', `There is no record ${id}.`);
      const version = nextVersion();
      await repo.insert({
        account_id: accountId,
        id,
        category,
        version,
        etag: item.prepared.etag,
        deleted: 0,
        ...content(item.prepared),
        created_at: now,
        updated_at: now,
        deleted_at: null,
      });
      return { id, status: 'applied', version, etag: item.prepared.etag };
    }
    const stale = item.baseVersion !== existing.version;
    if (item.op === 'delete') {
      // Deleting what is deleted already changes nothing, whatever it was based on.
      if (existing.deleted === 1) return { id, status: 'applied', version: existing.version, etag: existing.etag };
      if (stale) return { id, status: 'conflict', server: toChange(existing) };
      const version = nextVersion();
      // The content stays for the recycle bin; devices see a tombstone.
      await repo.update(accountId, id, { version, deleted: 1, deleted_at: now, updated_at: now });
      return { id, status: 'applied', version, etag: existing.etag };
    }
    // The same content as the server's converges without a new version, however it was reached.
    if (existing.deleted === 0 && existing.etag === item.prepared.etag) {
      return { id, status: 'applied', version: existing.version, etag: existing.etag };
    }
    if (stale) return { id, status: 'conflict', server: toChange(existing) };
    const version = nextVersion();
    await repo.update(accountId, id, {
      version,
      etag: item.prepared.etag,
      deleted: 0,
      deleted_at: null,
      ...content(item.prepared),
      updated_at: now,
    });
    return { id, status: 'applied', version, etag: item.prepared.etag };
  }

  /**
   * Refuses a device whatever it may not touch: an unregistered one everything, a registered one the
   * categories switched off for it. The portal (a browser session) reaches every category.
   */
  async checkAccess(caller: Principal, category: Category): Promise<void> {
    await this.deviceFor(caller, category);
  }

  /** The registered device of a device caller, with the category switched on; null for the portal. */
  private async deviceFor(caller: Principal, category: Category): Promise<PrincipalDevice | null> {
    requireScope(caller, 'records');
    if (caller.via !== 'device') return null;
    const device = requireDevice(caller);
    await this.deps.devices.requireEnabled(device, category);
    return device;
  }
}

/** Most bytes of record content in one page: 1,000 vCards with photos would not fit in a string. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;

/** The first `limit` rows, fewer when their content passes MAX_PAGE_BYTES (always at least one). */
export function pageOf<T extends { size: number }>(rows: readonly T[], limit: number): T[] {
  const page: T[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    if (page.length > 0 && bytes + row.size > MAX_PAGE_BYTES) break;
    page.push(row);
    bytes += row.size;
  }
  return page;
}

function content(prepared: PreparedData) {
  return {
    data: prepared.json,
    projection: prepared.projection === null ? null : JSON.stringify(prepared.projection),
    search: prepared.search,
    sort_key: prepared.sortKey,
    end_key: prepared.endKey,
    group_key: prepared.groupKey,
    unread: prepared.unread ? 1 : 0,
    size: prepared.size,
  };
}

const rejected = (id: string, code: string, message: string): PushResult => ({
  id,
  status: 'rejected',
  error: { code, message },
});
