import { z } from 'zod';
import { withoutBidiControls } from './display-text.js';

/** The record categories a phone syncs; media (gallery, recordings) has its own machinery. */
export const CATEGORIES = ['contacts', 'calendar', 'messages', 'calls', 'notes'] as const;
export const CategorySchema = z.enum(CATEGORIES).meta({ id: 'Category' });
export type Category = z.infer<typeof CategorySchema>;

/** The largest vCard or iCalendar item: room for a contact photo, not for a video. */
export const MAX_ITEM_TEXT = 1024 * 1024;

const Time = z.iso.datetime({ offset: true }).describe('ISO 8601 time');

/** A contact as the phone keeps it: the vCard text (3.0 or 4.0), stored exactly as sent. */
export const ContactDataSchema = z
  .object({ vcard: z.string().min(1).max(MAX_ITEM_TEXT).describe('One vCard, BEGIN:VCARD … END:VCARD') })
  .meta({ id: 'ContactData' });

/** One calendar item: the iCalendar text (a VCALENDAR with one VEVENT, plus its overrides), stored exactly as sent. */
export const CalendarDataSchema = z
  .object({ ics: z.string().min(1).max(MAX_ITEM_TEXT).describe('BEGIN:VCALENDAR … END:VCALENDAR') })
  .meta({ id: 'CalendarData' });

export const MESSAGE_STATUSES = ['received', 'queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export const MessageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

/** Phone numbers and short codes as the phone shows them: "+49 151 …", "MegaFon", "900". */
const Address = z.string().trim().min(1).max(64);

export const MessageDataSchema = z
  .object({
    address: Address.describe('The other party: a phone number or a sender name'),
    body: z.string().max(64 * 1024),
    time: Time,
    direction: z.enum(['in', 'out']),
    read: z.boolean().default(true),
    status: MessageStatusSchema,
    /** For a message the phone failed to send: why, in the phone's words. */
    error: z.string().max(500).nullable().default(null),
  })
  .meta({ id: 'MessageData' });

export const CALL_TYPES = ['incoming', 'outgoing', 'missed', 'rejected', 'blocked'] as const;
export const CallTypeSchema = z.enum(CALL_TYPES);
export type CallType = z.infer<typeof CallTypeSchema>;

export const CallDataSchema = z
  .object({
    number: Address,
    name: z.string().max(256).nullable().default(null),
    time: Time,
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600),
    type: CallTypeSchema,
  })
  .meta({ id: 'CallData' });

export const NoteDataSchema = z
  .object({
    title: z.string().max(500),
    body: z.string().max(MAX_ITEM_TEXT),
    folder: z.string().overwrite(withoutBidiControls).max(200).nullable().default(null),
    pinned: z.boolean().default(false),
    updatedAt: Time,
  })
  .meta({ id: 'NoteData' });

export const RECORD_DATA_SCHEMAS = {
  contacts: ContactDataSchema,
  calendar: CalendarDataSchema,
  messages: MessageDataSchema,
  calls: CallDataSchema,
  notes: NoteDataSchema,
} as const satisfies Record<Category, z.ZodType>;

export type RecordData<C extends Category = Category> = z.output<(typeof RECORD_DATA_SCHEMAS)[C]>;
export type RecordDataInput<C extends Category = Category> = z.input<(typeof RECORD_DATA_SCHEMAS)[C]>;

/** What the server reads out of a vCard, for lists, search and the portal; never stored back. */
export const ContactProjectionSchema = z
  .object({
    fullName: z.string(),
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    organization: z.string().nullable(),
    phones: z.array(z.object({ value: z.string(), type: z.string().nullable() })),
    emails: z.array(z.object({ value: z.string(), type: z.string().nullable() })),
    hasPhoto: z.boolean(),
  })
  .meta({ id: 'ContactProjection' });
export type ContactProjection = z.infer<typeof ContactProjectionSchema>;

/** What the server reads out of an iCalendar item. */
export const EventProjectionSchema = z
  .object({
    summary: z.string(),
    start: z.string().describe('ISO 8601: a date for all-day events, else a UTC time'),
    end: z.string().nullable(),
    allDay: z.boolean(),
    recurrence: z.string().nullable().describe('The RRULE, e.g. FREQ=WEEKLY;BYDAY=MO'),
    location: z.string().nullable(),
  })
  .meta({ id: 'EventProjection' });
export type EventProjection = z.infer<typeof EventProjectionSchema>;
