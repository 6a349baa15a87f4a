import { z } from 'zod';
import { CategorySchema } from './records.js';
import { ChangeSchema, RecordIdSchema, SyncRecordSchema } from './sync.js';

/** The portal's view of records: lists with search and paging, single records, the recycle bin. */
export const RecordParamsSchema = z.object({ category: CategorySchema, id: RecordIdSchema });

export const MAX_LIST_LIMIT = 200;

/** Text a query carries: never a NUL, which PostgreSQL cannot compare with. */
const QueryText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((text) => !text.includes('\u0000'), 'must not contain a NUL character');

export const ListRecordsQuerySchema = z.object({
  q: QueryText(200).optional().describe('Words the records contain: names, numbers, text'),
  after: QueryText(600).optional().describe('The `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
  bin: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('List the recycle bin instead'),
  group: QueryText(200).optional().describe('Messages: one thread; calls: one type; notes: one folder'),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Calendar: only items that end at or after this time (repeating ones always)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Calendar: only items that start before this time'),
});

export const RecordListSchema = z
  .object({
    records: z.array(SyncRecordSchema),
    /** Pass as `after` for the next page; null on the last page. */
    next: z.string().nullable(),
  })
  .meta({ id: 'RecordList' });
export type RecordList = z.infer<typeof RecordListSchema>;

export const RecordResponseSchema = z.object({ record: SyncRecordSchema }).meta({ id: 'RecordResponse' });
export type RecordResponse = z.infer<typeof RecordResponseSchema>;

export const CreateRecordRequestSchema = z
  .object({ data: z.unknown().describe("The category's data, e.g. ContactData") })
  .meta({ id: 'CreateRecordRequest' });

export const UpdateRecordRequestSchema = z
  .object({
    baseVersion: z.number().int().positive().describe('The version the edit was made on'),
    data: z.unknown(),
  })
  .meta({ id: 'UpdateRecordRequest' });

export const DeleteRecordQuerySchema = z.object({
  baseVersion: z.coerce.number().int().positive().optional().describe('Refuse when the record changed since'),
});

/** The details of a 409 on a record: what the server has now. */
export const RecordConflictSchema = z.object({ server: ChangeSchema }).meta({ id: 'RecordConflict' });

export const ThreadSchema = z
  .object({
    address: z.string(),
    /** The thread's key: the address's digits, or the lower-cased sender name. */
    key: z.string(),
    count: z.number().int(),
    unread: z.number().int(),
    last: SyncRecordSchema,
  })
  .meta({ id: 'Thread' });
export type Thread = z.infer<typeof ThreadSchema>;

export const ThreadListSchema = z
  .object({ threads: z.array(ThreadSchema), next: z.string().nullable() })
  .meta({ id: 'ThreadList' });
export type ThreadList = z.infer<typeof ThreadListSchema>;

export const ThreadsQuerySchema = z.object({
  q: QueryText(200).optional(),
  after: QueryText(600).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
});

/** The largest .vcf the contacts import takes, in bytes: thousands of contacts with small photos. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
/** The most cards one contacts import takes; a bigger address book is imported in parts. */
export const MAX_IMPORT_CARDS = 5000;

export const ImportResultSchema = z
  .object({
    imported: z.number().int(),
    rejected: z.array(
      z.object({
        index: z.number().int().describe('Which card of the file, from 0'),
        code: z.string().describe('invalid_vcard or invalid_data'),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ThreadParamsSchema = z.object({ key: QueryText(200).pipe(z.string().min(1)) });
export const ThreadReadSchema = z
  .object({ updated: z.number().int().describe('How many messages were marked read') })
  .meta({ id: 'ThreadRead' });

export const CategoryOnlyParamsSchema = z.object({ category: CategorySchema });
