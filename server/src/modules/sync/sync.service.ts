import { setImmediate } from 'node:timers/promises';
import { MAX_PUSH_ITEMS, type Category, type PushItem } from '@nimbus/protocol';
import type { Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { AppError } from '../../core/errors.js';
import { requireDevice, requireScope, type Principal, type PrincipalDevice } from '../../core/auth/index.js';
import type { DevicesService } from '../devices/index.js';
import { insufficientStorage } from '../storage/index.js';
import { InvalidItem, prepareData, type PreparedData } from './payloads/index.js';
import { SyncRepo, type FeedRow, type RecordRow } from './sync.repo.js';
import { changedBy, isApplied, type Outcome, type Precondition, type WriteItem, type Writer } from './writes.js';

export interface PullPage {
  rows: FeedRow[];
  cursor: string;
  more: boolean;
}

/** Says "look now" to an account's connected devices after a change; best effort, after commit. */
export type ChangeNotifier = (accountId: string, category: Category, originDeviceId: string | null) => void;

/** A phone's first sync of 50,000 records is 100 pushes: room for that, not for a flood. */
export const PUSH_LIMIT: Limit = { points: 300, seconds: 60 };

export interface SyncDeps {
  /** Where writes start their transaction. */
  db: Db;
  /** Reads outside a transaction. */
  repo: SyncRepo;
  clock: Clock;
  limits: RateLimits;
  devices: DevicesService;
  notify: ChangeNotifier;
  /** The account's free bytes, read under its lock in the write's transaction (storage's quota). */
  quota: { room(trx: Db, accountId: string): Promise<{ free: number; limit: number }> };
}

/**
 * Admits the bytes a write adds to the account's quota, one item after another: growth must fit in
 * what is free, shrinking gives room back. Read once per transaction, and only when something grows,
 * so pushes of deletions and edits never pay for the sum (nor wait for the lock).
 */
class QuotaGate {
  private room: { free: number; limit: number } | null = null;

  constructor(
    private readonly read: () => Promise<{ free: number; limit: number }>,
    /** The server's own bookkeeping (a message's delivery status) is never refused. */
    private readonly exempt: boolean,
  ) {}

  /** Null when `growth` bytes fit (and are now counted); the 507 of an upload over quota otherwise. */
  async admit(growth: number): Promise<AppError | null> {
    if (growth <= 0) {
      if (this.room !== null) this.room.free -= growth;
      return null;
    }
    if (this.exempt) return null;
    this.room ??= await this.read();
    if (growth > this.room.free) return insufficientStorage(growth, this.room.free, this.room.limit);
    this.room.free -= growth;
    return null;
  }
}

const DELETE_HASH = 'delete';

/** A pushed item in the engine's terms: one based on no version is a record the device made. */
function writeItemOf(category: Category, item: PushItem): WriteItem {
  const precondition: Precondition =
    item.baseVersion === null ? { kind: 'absent' } : { kind: 'version', version: item.baseVersion };
  if (item.op === 'delete') return { id: item.id, op: 'delete', precondition };
  if (item.data === undefined) {
    return { id: item.id, invalid: new InvalidItem('invalid_data', 'An upsert carries the record in "data".') };
  }
  try {
    return { id: item.id, op: 'upsert', precondition, prepared: prepareData(category, item.data) };
  } catch (error) {
    if (error instanceof InvalidItem) return { id: item.id, invalid: error };
    throw error;
  }
}

/** The version a receipt is keyed by: only a device's sync, based on a version or on nothing, leaves one. */
function receiptBase(writer: Writer, precondition: Precondition): number | null {
  if (writer.kind !== 'device') return null;
  if (precondition.kind === 'version') return precondition.version;
  return precondition.kind === 'absent' ? 0 : null;
}

/** The outcome when `precondition` does not hold for the record as it is; null when it holds. */
function unmet(id: string, precondition: Precondition, existing: RecordRow): Outcome | null {
  switch (precondition.kind) {
    case 'none':
      return null;
    case 'version':
      return precondition.version === existing.version ? null : { id, kind: 'conflict', current: existing };
    case 'absent':
      return { id, kind: 'conflict', current: existing };
    case 'etag':
      return existing.deleted === 0 && existing.etag === precondition.etag
        ? null
        : { id, kind: 'precondition_failed', current: existing };
  }
}

const unchanged = (row: RecordRow): Outcome => ({
  id: row.id,
  kind: 'unchanged',
  version: row.version,
  etag: row.etag,
});

/**
 * The sync engine: every change of an account takes the next number of its modification sequence;
 * a device pulls what changed after its cursor, and writers (a device's push, the portal, the
 * server) apply items in one transaction, each against its precondition.
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

  async push(caller: Principal, category: Category, items: readonly PushItem[]): Promise<Outcome[]> {
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
    const prepared: WriteItem[] = [];
    for (const [index, item] of items.entries()) {
      // Parsing 500 vCards takes a while: let other requests through now and then.
      if (index > 0 && index % 50 === 0) await setImmediate();
      prepared.push(writeItemOf(category, item));
    }
    const outcomes = await this.apply(writerOf(caller, device), category, prepared);
    if (device !== null) await this.deps.devices.noteSync(device, category);
    // Nothing the device sent fits: the push is refused as an upload would be (507). When some items
    // went through, the refused ones say so each, and the device keeps them for later.
    const first = outcomes[0];
    if (first?.kind === 'over_quota' && outcomes.every((outcome) => outcome.kind === 'over_quota')) throw first.error;
    return outcomes;
  }

  /** Applies items in a transaction of their own, then tells the account's other devices. */
  async apply(writer: Writer, category: Category, items: readonly WriteItem[]): Promise<Outcome[]> {
    const outcomes = await transact(this.deps.db, (trx) => this.applyIn(trx, writer, category, items));
    this.announce(writer, category, outcomes);
    return outcomes;
  }

  /**
   * Applies items in the caller's transaction, with whatever else must commit with them (the
   * command to the phone that sends a message). Tells no device: the caller calls `announce` once
   * `trx` has committed, as a device told earlier might look before the change is there.
   */
  async applyIn(trx: Db, writer: Writer, category: Category, items: readonly WriteItem[]): Promise<Outcome[]> {
    const { accountId } = writer;
    const repo = new SyncRepo(trx);
    const now = this.deps.clock.now();
    const ids = items.map((item) => item.id);
    const { modseq } = await repo.lockSequence(accountId);
    let next = modseq;
    const current = new Map((await repo.findMany(accountId, ids)).map((row) => [row.id, row]));
    const receipts = new Map(
      (writer.kind === 'device' ? await repo.receipts(writer.deviceId, ids) : []).map((receipt) => [
        `${receipt.record_id}\u0000${receipt.base_version}`,
        receipt,
      ]),
    );
    const gate = new QuotaGate(() => this.deps.quota.room(trx, accountId), writer.kind === 'server');
    const out: Outcome[] = [];
    for (const item of items) {
      if ('invalid' in item) {
        out.push({ id: item.id, kind: 'invalid', code: item.invalid.code, message: item.invalid.message });
        continue;
      }
      const hash = item.op === 'upsert' ? item.prepared.etag : DELETE_HASH;
      const base = receiptBase(writer, item.precondition);
      const receipt = base === null ? undefined : receipts.get(`${item.id}\u0000${base}`);
      if (receipt?.op === item.op && receipt.data_hash === hash) {
        out.push({ id: item.id, kind: 'unchanged', version: receipt.version, etag: receipt.etag });
        continue;
      }
      const outcome = await this.applyOne(
        repo,
        gate,
        accountId,
        category,
        current.get(item.id),
        item,
        () => ++next,
        now,
      );
      out.push(outcome);
      if (!isApplied(outcome)) continue;
      const row = await repo.find(accountId, item.id);
      if (row !== undefined) current.set(item.id, row);
      if (writer.kind === 'device' && base !== null) {
        await repo.insertReceipt({
          device_id: writer.deviceId,
          record_id: item.id,
          base_version: base,
          op: item.op,
          data_hash: hash,
          version: outcome.version,
          etag: outcome.etag,
          created_at: now,
        });
      }
    }
    if (next !== modseq) await repo.setSequence(accountId, next);
    return out;
  }

  /** "Sync now" to the account's devices after a change committed, but to the one that made it. */
  announce(writer: Writer, category: Category, outcomes: readonly Outcome[]): void {
    if (!outcomes.some(changedBy)) return;
    this.deps.notify(writer.accountId, category, writer.kind === 'device' ? writer.deviceId : null);
  }

  private async applyOne(
    repo: SyncRepo,
    gate: QuotaGate,
    accountId: string,
    category: Category,
    existing: RecordRow | undefined,
    item: Exclude<WriteItem, { invalid: InvalidItem }>,
    nextVersion: () => number,
    now: number,
  ): Promise<Outcome> {
    const { id, precondition } = item;
    if (existing !== undefined && existing.category !== category) {
      return { id, kind: 'wrong_category', category, belongsTo: existing.category };
    }
    if (existing === undefined) {
      if (precondition.kind === 'etag') return { id, kind: 'precondition_failed', current: undefined };
      if (precondition.kind === 'version' || item.op === 'delete') return { id, kind: 'not_found' };
      const over = await gate.admit(item.prepared.size);
      if (over !== null) return { id, kind: 'over_quota', error: over };
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
      return { id, kind: 'created', version, etag: item.prepared.etag };
    }
    if (item.op === 'delete') {
      // Deleting what is deleted already changes nothing, whatever it was based on.
      if (existing.deleted === 1) return unchanged(existing);
      const refused = unmet(id, precondition, existing);
      if (refused !== null) return refused;
      const version = nextVersion();
      // The content stays for the recycle bin; devices see a tombstone.
      await repo.update(accountId, id, { version, deleted: 1, deleted_at: now, updated_at: now });
      return { id, kind: 'deleted', version, etag: existing.etag };
    }
    // The same content as the server's converges without a new version, however it was reached.
    if (existing.deleted === 0 && existing.etag === item.prepared.etag) return unchanged(existing);
    const refused = unmet(id, precondition, existing);
    if (refused !== null) return refused;
    // A deleted record's content still counts (it waits in the recycle bin) until it is purged.
    const over = await gate.admit(item.prepared.size - (existing.data === null ? 0 : existing.size));
    if (over !== null) return { id, kind: 'over_quota', error: over };
    const version = nextVersion();
    await repo.update(accountId, id, {
      version,
      etag: item.prepared.etag,
      deleted: 0,
      deleted_at: null,
      ...content(item.prepared),
      updated_at: now,
    });
    return { id, kind: 'updated', version, etag: item.prepared.etag };
  }

  /**
   * Refuses a device whatever it may not touch: an unregistered one everything, a registered one the
   * categories switched off for it. The portal (a browser session) reaches every category.
   */
  async checkAccess(caller: Principal, category: Category): Promise<void> {
    await this.deviceFor(caller, category);
  }

  /** The writer a caller writes a category as, once it may: its device, or the portal. */
  async writerFor(caller: Principal, category: Category): Promise<Writer> {
    return writerOf(caller, await this.deviceFor(caller, category));
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

function writerOf(caller: Principal, device: PrincipalDevice | null): Writer {
  return device === null
    ? { kind: 'portal', accountId: caller.accountId }
    : { kind: 'device', accountId: caller.accountId, deviceId: device.id };
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
