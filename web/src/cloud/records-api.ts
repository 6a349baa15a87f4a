import type { Category, RecordList, RecordResponse, SyncRecord } from '@nimbus/protocol';
import { ApiError, getJson, sendJson } from '../api';
import { ACCOUNT_QUERY_KEY } from '../query-client';

/** A record of one category, with that category's data (and projection). */
export type RecordOf<C extends Category> = Extract<SyncRecord, { category: C }>;

export interface ListFilter {
  /** Words to search for; empty lists everything. */
  q?: string;
  /** The recycle bin instead of the live records. */
  bin?: boolean;
  /** Messages: a thread; calls: a type; notes: a folder. */
  group?: string;
}

/** Query keys under the account's, so signing out forgets every record read. */
export const recordKeys = {
  category: (category: Category) => [...ACCOUNT_QUERY_KEY, 'records', category] as const,
  list: (category: Category, filter: ListFilter) =>
    [
      ...ACCOUNT_QUERY_KEY,
      'records',
      category,
      'list',
      { q: filter.q ?? '', bin: filter.bin === true, group: filter.group ?? null },
    ] as const,
  one: (category: Category, id: string) => [...ACCOUNT_QUERY_KEY, 'records', category, 'one', id] as const,
};

const recordPath = (category: Category, id: string) => `/api/v1/records/${category}/${encodeURIComponent(id)}`;

/** One page of a category's records, searched, in the order the server sorts them. */
export function listRecords<C extends Category>(
  category: C,
  filter: ListFilter,
  page: { after: string | null; limit: number; signal?: AbortSignal },
): Promise<{ records: RecordOf<C>[]; next: string | null }> {
  const query = new URLSearchParams({ limit: String(page.limit) });
  const q = filter.q?.trim() ?? '';
  if (q !== '') query.set('q', q);
  if (filter.bin === true) query.set('bin', 'true');
  if (filter.group !== undefined) query.set('group', filter.group);
  if (page.after !== null) query.set('after', page.after);
  return getJson<RecordList>(
    `/api/v1/records/${category}?${query.toString()}`,
    page.signal ? { signal: page.signal } : {},
  ) as Promise<{
    records: RecordOf<C>[];
    next: string | null;
  }>;
}

export async function getRecord<C extends Category>(
  category: C,
  id: string,
  signal?: AbortSignal,
): Promise<RecordOf<C>> {
  const { record } = await getJson<RecordResponse>(recordPath(category, id), signal ? { signal } : {});
  return record as RecordOf<C>;
}

export async function createRecord<C extends Category>(category: C, data: RecordOf<C>['data']): Promise<RecordOf<C>> {
  const { record } = await sendJson<RecordResponse>('POST', `/api/v1/records/${category}`, { data });
  return record as RecordOf<C>;
}

/** Saves an edit made on `baseVersion`; a 409 ApiError carries the server's copy in details.server. */
export async function updateRecord<C extends Category>(
  category: C,
  id: string,
  baseVersion: number,
  data: RecordOf<C>['data'],
): Promise<RecordOf<C>> {
  const { record } = await sendJson<RecordResponse>('PUT', recordPath(category, id), { baseVersion, data });
  return record as RecordOf<C>;
}

/** Moves a record to the recycle bin. */
export function deleteRecord(category: Category, id: string): Promise<undefined> {
  return sendJson('DELETE', recordPath(category, id));
}

/** Brings a record back from the recycle bin. */
export async function restoreRecord<C extends Category>(category: C, id: string): Promise<RecordOf<C>> {
  const { record } = await sendJson<RecordResponse>('POST', `${recordPath(category, id)}/restore`);
  return record as RecordOf<C>;
}

/**
 * What a refused edit found on the server: the current copy on a 409 (someone changed the record
 * meanwhile), "deleted" when it was deleted meanwhile, or null for any other failure.
 */
export function conflictOf<C extends Category>(category: C, error: unknown): RecordOf<C> | 'deleted' | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'not_found') return 'deleted';
  if (error.code !== 'conflict') return null;
  const server = error.details.server as (SyncRecord | { category: Category; deleted: true }) | null | undefined;
  if (server === null || server === undefined || server.deleted) return 'deleted';
  return server.category === category ? (server as RecordOf<C>) : null;
}
