import { z } from 'zod';
import { withoutBidiControls } from './display-text.js';

/**
 * Media: the gallery (photos and videos), voice recordings and files. Every item names a blob by the
 * SHA-256 of its bytes; an account keeps each blob once, however many items name it.
 */

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hex digits');
export const MediaIdSchema = z.uuid();

/** Where an item lives in the portal; the server decides photo or video from the bytes. */
export const MEDIA_SECTIONS = ['gallery', 'recordings', 'files'] as const;
export const MediaSectionSchema = z.enum(MEDIA_SECTIONS);
export type MediaSection = z.infer<typeof MediaSectionSchema>;

/** What the bytes turned out to be: image, video and audio by their content, anything else "other". */
export const MEDIA_KINDS = ['photo', 'video', 'audio', 'other'] as const;
export const MediaKindSchema = z.enum(MEDIA_KINDS);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const THUMBNAIL_STATES = ['pending', 'ready', 'failed', 'none'] as const;
export type ThumbnailState = (typeof THUMBNAIL_STATES)[number];

/** Most hashes one "which are missing?" question may carry. */
export const MAX_MISSING_HASHES = 1000;
/** Largest file a single-request upload takes; anything bigger goes through tus. */
export const MAX_SINGLE_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Largest file at all: a long 4K video. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024 * 1024;
/** A partial upload untouched this long is dropped and its space reclaimed. */
export const UPLOAD_EXPIRY_HOURS = 24;
/** The Free plan: what every account has until plans arrive. */
export const FREE_QUOTA_BYTES = 5 * 1024 ** 3;
/** The Free plan keeps deleted items this long in the recycle bin. */
export const FREE_BIN_DAYS = 30;
export const MAX_MEDIA_LIST_LIMIT = 500;
/** The most items one bulk action (delete, restore) takes. */
export const MAX_BULK_ITEMS = 1000;

/** Whether text holds a control character (C0 or DEL), which no name or label may. */
const hasControl = (text: string) => {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

/** A file or folder name: no path separators, no NUL, not "." or ".."; bidi overrides dropped. */
export const MediaNameSchema = z
  .string()
  .overwrite(withoutBidiControls)
  .trim()
  .min(1)
  .max(255)
  .refine(
    (name) => !name.includes('/') && !name.includes('\\') && !hasControl(name),
    'must not contain "/", "\\" or control characters',
  )
  .refine((name) => name !== '.' && name !== '..', 'must not be "." or ".."');

const Label = z
  .string()
  .overwrite(withoutBidiControls)
  .trim()
  .min(1)
  .max(100)
  .refine((text) => !hasControl(text), 'must not contain control characters');
const Time = z.iso.datetime({ offset: true });

/**
 * What a device or the portal says about a file it uploads (as tus Upload-Metadata, as the query of a
 * single upload, or to name a blob the account already has).
 */
export const NewMediaItemSchema = z
  .object({
    section: MediaSectionSchema,
    name: MediaNameSchema,
    sha256: Sha256Schema.describe('SHA-256 of the whole file: checked before the upload is accepted'),
    album: Label.optional().describe('Gallery: "camera", "screenshots" or a folder name of the device'),
    folderId: MediaIdSchema.optional().describe('Files: the folder it goes in; the root when absent'),
    takenAt: Time.optional().describe('When it was taken or recorded, if the device knows better than EXIF'),
    title: z.string().trim().max(200).optional().describe('Recordings: a title'),
    callNumber: z.string().trim().max(64).optional().describe('Call recordings: the other party'),
  })
  .meta({ id: 'NewMediaItem' });
export type NewMediaItem = z.infer<typeof NewMediaItemSchema>;

/** The query of a single-request upload: NewMediaItem's fields (a query string cannot name a shared schema). */
export const SingleUploadQuerySchema = z.object(NewMediaItemSchema.shape);

export const NewMediaFromBlobSchema = NewMediaItemSchema.extend({
  size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
}).meta({ id: 'NewMediaFromBlob' });

export const MissingBlobsRequestSchema = z
  .object({ hashes: z.array(Sha256Schema).min(1).max(MAX_MISSING_HASHES) })
  .meta({ id: 'MissingBlobsRequest' });
export const MissingBlobsResponseSchema = z
  .object({ missing: z.array(Sha256Schema).describe('The asked hashes this account does not have yet') })
  .meta({ id: 'MissingBlobsResponse' });

export const MediaItemSchema = z
  .object({
    id: MediaIdSchema,
    section: MediaSectionSchema,
    kind: MediaKindSchema,
    name: z.string(),
    mime: z.string(),
    sha256: Sha256Schema,
    size: z.number().int(),
    /** When it was taken (EXIF, then the device's word, then the upload time). */
    takenAt: z.iso.datetime(),
    album: z.string().nullable(),
    folderId: MediaIdSchema.nullable(),
    deviceId: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    title: z.string().nullable(),
    callNumber: z.string().nullable(),
    thumbnail: z.enum(THUMBNAIL_STATES),
    createdAt: z.iso.datetime(),
    /** Set while it is in the recycle bin. */
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'MediaItem' });
export type MediaItem = z.infer<typeof MediaItemSchema>;

export const MediaItemResponseSchema = z.object({ item: MediaItemSchema }).meta({ id: 'MediaItemResponse' });
export type MediaItemResponse = z.infer<typeof MediaItemResponseSchema>;

export const MediaItemListSchema = z
  .object({ items: z.array(MediaItemSchema), next: z.string().nullable() })
  .meta({ id: 'MediaItemList' });
export type MediaItemList = z.infer<typeof MediaItemListSchema>;

const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor given by the server');
const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month: YYYY-MM');

export const GalleryQuerySchema = z.object({
  month: MonthSchema.optional().describe('Only this month (UTC), as listed by the timeline'),
  album: Label.optional(),
  after: Cursor.optional().describe('The `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(MAX_MEDIA_LIST_LIMIT).default(200),
});

export const TimelineQuerySchema = z.object({ album: Label.optional() });
/** The gallery's months, newest first, with how many items each holds: a scroll bar for 100,000 photos. */
export const TimelineSchema = z
  .object({ months: z.array(z.object({ month: MonthSchema, count: z.number().int() })) })
  .meta({ id: 'Timeline' });
export type Timeline = z.infer<typeof TimelineSchema>;

export const AlbumListSchema = z
  .object({
    albums: z.array(z.object({ name: z.string(), count: z.number().int(), coverId: MediaIdSchema })),
  })
  .meta({ id: 'AlbumList' });
export type AlbumList = z.infer<typeof AlbumListSchema>;

export const PageQuerySchema = z.object({
  after: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MEDIA_LIST_LIMIT).default(100),
});

export const MediaItemParamsSchema = z.object({ id: MediaIdSchema });
export const ThumbnailQuerySchema = z.object({ size: z.enum(['thumb', 'preview']).default('thumb') });
export const ContentQuerySchema = z.object({
  download: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Answer as an attachment with the item’s name'),
});

export const UpdateMediaItemSchema = z
  .object({
    name: MediaNameSchema.optional(),
    folderId: MediaIdSchema.nullable().optional().describe('Files: move to this folder (null: the root)'),
    album: Label.optional(),
  })
  .meta({ id: 'UpdateMediaItem' });

export const FolderSchema = z
  .object({
    id: MediaIdSchema,
    name: z.string(),
    parentId: MediaIdSchema.nullable(),
    createdAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Folder' });
export type Folder = z.infer<typeof FolderSchema>;

export const FolderQuerySchema = z.object({ folderId: MediaIdSchema.optional().describe('The root when absent') });
export const FolderListingSchema = z
  .object({
    folder: FolderSchema.nullable().describe('null for the root'),
    /** From the root down to the folder's parent. */
    path: z.array(FolderSchema),
    folders: z.array(FolderSchema),
    files: z.array(MediaItemSchema),
  })
  .meta({ id: 'FolderListing' });
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const NewFolderSchema = z
  .object({ name: MediaNameSchema, parentId: MediaIdSchema.nullable().default(null) })
  .meta({ id: 'NewFolder' });
export const UpdateFolderSchema = z
  .object({ name: MediaNameSchema.optional(), parentId: MediaIdSchema.nullable().optional() })
  .meta({ id: 'UpdateFolder' });
export const FolderResponseSchema = z.object({ folder: FolderSchema }).meta({ id: 'FolderResponse' });

/** Items and folders to move to the recycle bin, restore from it, or delete for ever. */
export const MediaSelectionSchema = z
  .object({
    ids: z.array(MediaIdSchema).max(MAX_BULK_ITEMS).default([]),
    folderIds: z.array(MediaIdSchema).max(MAX_BULK_ITEMS).default([]),
  })
  .refine((selection) => selection.ids.length + selection.folderIds.length > 0, 'name at least one item or folder')
  .meta({ id: 'MediaSelection' });
export type MediaSelection = z.input<typeof MediaSelectionSchema>;
export const MediaSelectionResultSchema = z
  .object({ items: z.number().int(), folders: z.number().int() })
  .meta({ id: 'MediaSelectionResult' });

export const MediaBinSchema = z
  .object({
    items: z.array(MediaItemSchema),
    folders: z.array(FolderSchema),
    /** How long the bin keeps what is deleted. */
    retentionDays: z.number().int(),
  })
  .meta({ id: 'MediaBin' });
export type MediaBin = z.infer<typeof MediaBinSchema>;

export const StorageSchema = z
  .object({
    quotaBytes: z.number().int(),
    /** What counts against the quota: each distinct blob once, records, and uploads under way. */
    usedBytes: z.number().int(),
    breakdown: z.object({
      gallery: z.number().int(),
      recordings: z.number().int(),
      files: z.number().int(),
      records: z.number().int(),
      bin: z.number().int(),
      uploads: z.number().int().describe('Space held by unfinished uploads'),
    }),
    /** Over quota: new uploads are refused until something is deleted. */
    readOnly: z.boolean(),
    plan: z.string(),
  })
  .meta({ id: 'Storage' });
export type Storage = z.infer<typeof StorageSchema>;

/** The keys of tus Upload-Metadata a Nimbus upload carries: NewMediaItem's fields, values base64 as tus says. */
export const UPLOAD_METADATA_KEYS = [
  'section',
  'name',
  'sha256',
  'album',
  'folderId',
  'takenAt',
  'title',
  'callNumber',
] as const satisfies readonly (keyof NewMediaItem)[];

/** The header the last PATCH of a tus upload answers with: the id of the item it became. */
export const UPLOAD_ITEM_HEADER = 'nimbus-item-id';
