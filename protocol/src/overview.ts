import { z } from 'zod';
import { MEDIA_SECTIONS } from './media.js';
import { CATEGORIES } from './records.js';

/** One part of the cloud as the overview shows it: how much it holds and when it last changed. */
export const PartSummarySchema = z
  .object({
    count: z.number().int().min(0).describe('What it holds now, not counting the recycle bin'),
    lastChangeAt: z.iso
      .datetime()
      .nullable()
      .describe('When something in it was last added, changed or deleted, by a device or the portal; null when never'),
  })
  .meta({ id: 'PartSummary' });
export type PartSummary = z.infer<typeof PartSummarySchema>;

const partsOf = <const K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, PartSummarySchema])) as Record<K, typeof PartSummarySchema>);

/** The account's synced records, every category present (zero and null when it has none). */
export const RecordsSummarySchema = z.object({ categories: partsOf(CATEGORIES) }).meta({ id: 'RecordsSummary' });
export type RecordsSummary = z.infer<typeof RecordsSummarySchema>;

/** The account's media, every section present (zero and null when it has none). */
export const MediaSummarySchema = z.object({ sections: partsOf(MEDIA_SECTIONS) }).meta({ id: 'MediaSummary' });
export type MediaSummary = z.infer<typeof MediaSummarySchema>;
