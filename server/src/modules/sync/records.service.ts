import {
  CATEGORIES,
  type Category,
  type RecordList,
  type RecordsSummary,
  type SyncRecord,
  type ThreadList,
} from '@nimbus/protocol';
import type { Clock } from '../../core/time.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Principal } from '../../core/auth/index.js';
import { InvalidItem, prepareData } from './payloads/index.js';
import { toChange, toRecord } from './record-view.js';
import type { RecordRow, SyncRepo } from './sync.repo.js';
import { pageOf, type SyncEngine } from './sync.service.js';
import { isApplied, refusalOf, type Applied, type Outcome, type WriteItem, type Writer } from './writes.js';

/** Keyset cursors: the last row's sort key and id, opaque to clients. */
export function encodeAfter(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeAfter(after: string | undefined): { sortKey: string; id: string } | undefined {
  if (after === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    // A forged cursor with a NUL would reach PostgreSQL, which cannot compare it.
    const clean = (part: unknown): part is string => typeof part === 'string' && !part.includes('\u0000');
    if (Array.isArray(value) && value.length === 2 && clean(value[0]) && clean(value[1])) {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw badRequest('This page cursor is not one the server gave: start from the first page.');
}

/** Newest first for what happens in time; names and event starts read in order. */
const NEWEST_FIRST: Record<Category, boolean> = {
  contacts: false,
  calendar: false,
  messages: true,
  calls: true,
  notes: true,
};

/** Edits one at a time, by hand or by a script: generous for a person, a wall for a loop. */
export const RECORD_WRITE_LIMIT: Limit = { points: 600, seconds: 60 };

export interface RecordsDeps {
  repo: SyncRepo;
  engine: SyncEngine;
  clock: Clock;
  limits: RateLimits;
}

/**
 * Records as the portal (or any signed-in client) works with them one at a time: through the same
 * engine as a device's push, so every edit takes a version and reaches the phones.
 */
export class RecordsService {
  constructor(private readonly deps: RecordsDeps) {}

  async list(
    caller: Principal,
    category: Category,
    query: {
      q?: string | undefined;
      after?: string | undefined;
      limit: number;
      bin: boolean;
      group?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
  ): Promise<RecordList> {
    await this.deps.engine.checkAccess(caller, category);
    const rows = await this.deps.repo.list(caller.accountId, category, {
      ...(query.q === undefined ? {} : { search: query.q.toLowerCase() }),
      ...(query.group === undefined ? {} : { groupKey: query.group }),
      // Compared as text with stored ISO times, so both are written the same way (UTC, with ms).
      ...(query.from === undefined ? {} : { from: new Date(query.from).toISOString() }),
      ...(query.to === undefined ? {} : { to: new Date(query.to).toISOString() }),
      ...(query.after === undefined ? {} : { after: decodeAfter(query.after) }),
      descending: query.bin || NEWEST_FIRST[category],
      deleted: query.bin,
      limit: query.limit + 1,
    });
    const page = pageOf(rows, query.limit);
    const last = page.at(-1);
    return {
      records: page.map(toRecord),
      next:
        page.length < rows.length && last !== undefined
          ? encodeAfter(query.bin ? String(last.deleted_at) : last.sort_key, last.id)
          : null,
    };
  }

  /** How many records each category holds and when it last changed: the portal's overview. */
  async summary(caller: Principal): Promise<RecordsSummary> {
    const rows = await this.deps.repo.summary(caller.accountId);
    const byCategory = new Map(rows.map((row) => [row.category, row]));
    const categories = Object.fromEntries(
      CATEGORIES.map((category) => {
        const row = byCategory.get(category);
        const last = row?.lastChange ?? null;
        return [
          category,
          { count: row?.count ?? 0, lastChangeAt: last === null ? null : new Date(last).toISOString() },
        ];
      }),
    ) as RecordsSummary['categories'];
    return { categories };
  }

  async threads(
    caller: Principal,
    query: { q?: string | undefined; after?: string | undefined; limit: number },
  ): Promise<ThreadList> {
    await this.deps.engine.checkAccess(caller, 'messages');
    const after = decodeAfter(query.after);
    const groups = await this.deps.repo.threads(caller.accountId, {
      ...(query.q === undefined || query.q === '' ? {} : { search: query.q.toLowerCase() }),
      ...(after === undefined ? {} : { after: { lastKey: after.sortKey, groupKey: after.id } }),
      limit: query.limit + 1,
    });
    const page = groups.slice(0, query.limit);
    const lastRows = await this.deps.repo.lastOfThreads(caller.accountId, page);
    const threads = page.flatMap((group) => {
      const last = lastRows.get(group.groupKey);
      if (last === undefined) return [];
      const record = toRecord(last);
      const address = record.category === 'messages' ? record.data.address : group.groupKey;
      return [{ address, key: group.groupKey, count: group.count, unread: group.unread, last: record }];
    });
    const tail = page.at(-1);
    return {
      threads,
      next: groups.length > query.limit && tail !== undefined ? encodeAfter(tail.lastKey, tail.groupKey) : null,
    };
  }

  async get(caller: Principal, category: Category, id: string): Promise<SyncRecord> {
    await this.deps.engine.checkAccess(caller, category);
    return toRecord(await this.live(caller, category, id));
  }

  async create(caller: Principal, category: Category, data: unknown): Promise<SyncRecord> {
    const writer = await this.deps.engine.writerFor(caller, category);
    const id = newId();
    return this.write(writer, category, id, {
      id,
      op: 'upsert',
      precondition: { kind: 'absent' },
      prepared: this.prepare(category, data),
    });
  }

  async update(
    caller: Principal,
    category: Category,
    id: string,
    baseVersion: number,
    data: unknown,
  ): Promise<SyncRecord> {
    const writer = await this.deps.engine.writerFor(caller, category);
    await this.live(caller, category, id);
    return this.write(writer, category, id, {
      id,
      op: 'upsert',
      precondition: { kind: 'version', version: baseVersion },
      prepared: this.prepare(category, data),
    });
  }

  /** Moves a record to the recycle bin; the phones see it deleted. */
  async remove(caller: Principal, category: Category, id: string, baseVersion: number | undefined): Promise<void> {
    const writer = await this.deps.engine.writerFor(caller, category);
    const current = await this.live(caller, category, id);
    await this.apply(writer, category, {
      id,
      op: 'delete',
      precondition: { kind: 'version', version: baseVersion ?? current.version },
    });
  }

  /** Brings a record back from the recycle bin, as a new change the phones receive. */
  async restore(caller: Principal, category: Category, id: string): Promise<SyncRecord> {
    const writer = await this.deps.engine.writerFor(caller, category);
    const row = await this.deps.repo.find(caller.accountId, id);
    if (row?.category !== category || row.deleted !== 1 || row.data === null) {
      throw notFound('There is no such record in the recycle bin.');
    }
    const prepared = this.prepare(category, JSON.parse(row.data) as unknown);
    return this.write(writer, category, id, {
      id,
      op: 'upsert',
      precondition: { kind: 'version', version: row.version },
      prepared,
    });
  }

  /** Applies one edit and answers the stored record, or the reason it was not applied. */
  private async write(writer: Writer, category: Category, id: string, item: WriteItem): Promise<SyncRecord> {
    await this.apply(writer, category, item);
    return toRecord(await this.live(writer, category, id));
  }

  /**
   * One edit through the engine, as the caller's device when a device makes it: it leaves a
   * receipt like a pushed item, and the device is not told to sync its own change.
   */
  private async apply(writer: Writer, category: Category, item: WriteItem): Promise<void> {
    await this.deps.limits.consume('records:write', RECORD_WRITE_LIMIT, writer.accountId);
    const [outcome] = await this.deps.engine.apply(writer, category, [item]);
    if (!isApplied(outcome)) throw outcomeError(outcome);
  }

  prepare(category: Category, data: unknown) {
    try {
      return prepareData(category, data);
    } catch (error) {
      if (error instanceof InvalidItem) throw new AppError('unprocessable', error.message, { code: error.code });
      throw error;
    }
  }

  private async live(owner: { accountId: string }, category: Category, id: string): Promise<RecordRow> {
    const row = await this.deps.repo.find(owner.accountId, id);
    // Another account's id, another category's, or a deleted record: all simply not here.
    if (row?.category !== category || row.deleted !== 0) throw notFound('There is no such record.');
    return row;
  }
}

function outcomeError(outcome: Exclude<Outcome, Applied> | undefined): AppError {
  if (outcome === undefined) return new AppError('internal', 'The change was not applied.');
  switch (outcome.kind) {
    case 'conflict':
    case 'precondition_failed':
      if (outcome.current === undefined) return notFound('There is no such record.');
      return new AppError('conflict', 'Someone changed this record in the meantime. Here is what it is now.', {
        server: toChange(outcome.current),
      });
    case 'not_found':
      return notFound(refusalOf(outcome).message);
    case 'over_quota':
      return outcome.error;
    case 'wrong_category':
    case 'invalid': {
      const { code, message } = refusalOf(outcome);
      return new AppError('unprocessable', message, { code });
    }
  }
}
