import type { Change, SyncRecord } from '@nimbus/protocol';
import type { FeedRow, RecordRow } from './sync.repo.js';

const iso = (time: number) => new Date(time).toISOString();

/** A stored record as the API shows it: the record, or a tombstone once deleted. */
export function toChange(row: RecordRow): Change {
  const envelope = {
    id: row.id,
    version: row.version,
    etag: row.etag,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  if (row.deleted === 1 || row.data === null) {
    return { category: row.category, ...envelope, deleted: true };
  }
  return toRecord(row);
}

/** A live record, or one in the recycle bin, with its content. */
export function toRecord(row: RecordRow): SyncRecord {
  if (row.data === null) throw new Error(`record ${row.id} has no content`);
  // Stored by the server after validation: trusted JSON of the category's data.
  return {
    category: row.category,
    id: row.id,
    version: row.version,
    etag: row.etag,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    deleted: false,
    data: JSON.parse(row.data) as unknown,
    ...(row.projection === null ? {} : { projection: JSON.parse(row.projection) as unknown }),
  } as SyncRecord;
}

/**
 * A page of the change feed as JSON text, the same as PullResponse serialised. The stored data and
 * projection are JSON the server wrote after validating them, so they are spliced in as they are:
 * parsing and re-serialising 1,000 vCards per page would cost more than reading them.
 */
export function pullJson(rows: readonly FeedRow[], cursor: string, more: boolean): string {
  const changes = rows.map((row) => {
    // Only the ids and etags can need escaping: categories are names of ours, the rest numbers and ISO times.
    const head =
      `{"category":"${row.category}","id":${JSON.stringify(row.id)},"version":${row.version},` +
      `"etag":${JSON.stringify(row.etag)},"createdAt":"${iso(row.created_at)}","updatedAt":"${iso(row.updated_at)}"`;
    if (row.deleted === 1 || row.data === null) return `${head},"deleted":true}`;
    const projection = row.projection === null ? '' : `,"projection":${row.projection}`;
    return `${head},"deleted":false,"data":${row.data}${projection}}`;
  });
  return `{"changes":[${changes.join(',')}],"cursor":${JSON.stringify(cursor)},"more":${String(more)}}`;
}
