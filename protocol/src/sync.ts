import { z } from 'zod';
import {
  CalendarDataSchema,
  CallDataSchema,
  CategorySchema,
  ContactDataSchema,
  ContactProjectionSchema,
  EventProjectionSchema,
  MessageDataSchema,
  NoteDataSchema,
} from './records.js';

/** Most items in one push; a phone with more sends several batches. */
export const MAX_PUSH_ITEMS = 500;
/** Most bytes of one push body. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** Most records in one page of a pull. */
export const MAX_PULL_LIMIT = 1000;
/** Tombstones live at least this long; a cursor older than the oldest pruned one must start over. */
export const TOMBSTONE_DAYS = 30;

/**
 * A record id: the phone's own UUID for what it created, the server's UUIDv7 otherwise. Letters,
 * digits, "-", "_" and "." only, so it is safe in a URL path and a file name.
 */
export const RecordIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1–128 letters, digits, ".", "_" or "-"');

/**
 * A place in an account's change feed: the modification sequence number of the last change seen,
 * as a decimal string ("0" = from the beginning). Opaque to clients.
 */
export const CursorSchema = z.string().regex(/^\d{1,15}$/, 'must be a cursor given by the server');

const envelope = {
  id: RecordIdSchema,
  /** The account's modification sequence number of the record's last change. */
  version: z.number().int().positive(),
  /** Changes whenever the content does; equal etags mean equal content. */
  etag: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};
const live = { ...envelope, deleted: z.literal(false) };

export const SyncRecordSchema = z
  .discriminatedUnion('category', [
    z.object({
      category: z.literal('contacts'),
      ...live,
      data: ContactDataSchema,
      projection: ContactProjectionSchema,
    }),
    z.object({ category: z.literal('calendar'), ...live, data: CalendarDataSchema, projection: EventProjectionSchema }),
    z.object({ category: z.literal('messages'), ...live, data: MessageDataSchema }),
    z.object({ category: z.literal('calls'), ...live, data: CallDataSchema }),
    z.object({ category: z.literal('notes'), ...live, data: NoteDataSchema }),
  ])
  .meta({ id: 'SyncRecord' });
export type SyncRecord = z.infer<typeof SyncRecordSchema>;

/** A deleted record as the change feed reports it: the id and the version of the deletion. */
export const TombstoneSchema = z
  .object({ category: CategorySchema, ...envelope, deleted: z.literal(true) })
  .meta({ id: 'Tombstone' });
export type Tombstone = z.infer<typeof TombstoneSchema>;

export const ChangeSchema = z.union([SyncRecordSchema, TombstoneSchema]).meta({ id: 'Change' });
export type Change = z.infer<typeof ChangeSchema>;

export const CategoryParamsSchema = z.object({ category: CategorySchema });

export const PullQuerySchema = z.object({
  since: CursorSchema.default('0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});

export const PullResponseSchema = z
  .object({
    changes: z.array(ChangeSchema),
    /** Pass as `since` next time; unchanged when nothing changed. */
    cursor: CursorSchema,
    /** More changes wait: pull again at once with the new cursor. */
    more: z.boolean(),
  })
  .meta({ id: 'PullResponse' });
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const PushItemSchema = z
  .object({
    id: RecordIdSchema,
    op: z.enum(['upsert', 'delete']),
    /** The version this change was made on; null for a record the device created. */
    baseVersion: z.number().int().positive().nullable(),
    /** The record's content for an upsert, checked against the category's schema. */
    data: z.unknown().optional(),
  })
  .meta({ id: 'PushItem' });
export type PushItem = z.infer<typeof PushItemSchema>;

export const PushRequestSchema = z
  .object({ items: z.array(PushItemSchema).min(1) })
  .meta({ id: 'PushRequest', description: `At most ${MAX_PUSH_ITEMS} items and ${MAX_PUSH_BYTES} bytes` });
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PushResultSchema = z
  .discriminatedUnion('status', [
    z.object({ id: RecordIdSchema, status: z.literal('applied'), version: z.number().int(), etag: z.string() }),
    /** Someone changed the record since baseVersion: nothing applied; here is what the server has. */
    z.object({ id: RecordIdSchema, status: z.literal('conflict'), server: ChangeSchema.nullable() }),
    /**
     * The item itself is wrong (bad vCard, missing data, unknown record): fix it, do not retry as is.
     * Code `insufficient_storage`: the account's quota has no room for what the item adds (a new
     * record, or one that grows); keep it and send it again once there is room. Deletions and edits
     * that shrink are never refused so. When every item of a push is refused for the quota, the
     * whole push answers 507 insufficient_storage instead, as an upload over quota does.
     */
    z.object({
      id: RecordIdSchema,
      status: z.literal('rejected'),
      error: z.object({ code: z.string(), message: z.string() }),
    }),
  ])
  .meta({ id: 'PushResult' });
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({ results: z.array(PushResultSchema) }).meta({ id: 'PushResponse' });
export type PushResponse = z.infer<typeof PushResponseSchema>;
