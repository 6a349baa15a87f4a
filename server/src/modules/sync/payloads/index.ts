import { createHash } from 'node:crypto';
import {
  RECORD_DATA_SCHEMAS,
  type Category,
  type ContactProjection,
  type EventProjection,
  type RecordData,
} from '@nimbus/protocol';
import { clip, columnText, keyText, SEARCH_TEXT } from './columns.js';
import { parseIcalendar, projectIcalendar } from './icalendar.js';
import { InvalidItem, invalidItem } from './invalid-item.js';
import { parseVcard, projectVcard } from './vcard.js';

export { InvalidItem, invalidItem } from './invalid-item.js';

/** A record's content, checked and ready to store: what lists sort, group and search by comes with it. */
export interface PreparedData {
  data: RecordData;
  json: string;
  etag: string;
  projection: ContactProjection | EventProjection | null;
  search: string;
  sortKey: string;
  /** Calendar: when the item ends, or the far future when it repeats; '' for the others. */
  endKey: string;
  groupKey: string | null;
  unread: boolean;
  size: number;
}

/** Sorts after every ISO date. */
const FOREVER = '9999-12-31';

function words(...parts: (string | null | undefined)[]): string {
  const text = parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  // Lower case can be longer than the original ("İ"), hence the second clip.
  return clip(columnText(clip(text, SEARCH_TEXT)).toLowerCase(), SEARCH_TEXT);
}

/** A phone number's digits (and a leading +), so "+7 916 123-45-67" finds "89161234567" by "9161234567". */
export const digitsOf = (value: string) => value.replace(/[^\d+]/g, '');

export function etagOf(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 32);
}

type Derived = Omit<PreparedData, 'data' | 'json' | 'etag' | 'size'>;

/**
 * The columns lists sort, group and search by are the server's own: whatever a record holds, they
 * are storable (PostgreSQL refuses NUL in text) and short enough for an index row and a page cursor.
 */
function storable(parts: Derived): Derived {
  return {
    ...parts,
    search: columnText(parts.search),
    sortKey: keyText(parts.sortKey),
    endKey: keyText(parts.endKey),
    groupKey: parts.groupKey === null ? null : keyText(parts.groupKey),
  };
}

function derived(category: Category, data: RecordData): Derived {
  switch (category) {
    case 'contacts': {
      const projection = projectVcard(parseVcard((data as RecordData<'contacts'>).vcard));
      return {
        projection,
        search: words(
          projection.fullName,
          projection.organization,
          ...projection.phones.map((phone) => `${phone.value} ${digitsOf(phone.value)}`),
          ...projection.emails.map((email) => email.value),
        ),
        sortKey: projection.fullName.toLowerCase(),
        endKey: '',
        groupKey: null,
        unread: false,
      };
    }
    case 'calendar': {
      const projection = projectIcalendar(parseIcalendar((data as RecordData<'calendar'>).ics));
      return {
        projection,
        search: words(projection.summary, projection.location),
        sortKey: projection.start,
        endKey: projection.recurrence === null ? (projection.end ?? projection.start) : FOREVER,
        groupKey: null,
        unread: false,
      };
    }
    case 'messages': {
      const message = data as RecordData<'messages'>;
      return {
        projection: null,
        search: words(message.address, digitsOf(message.address), message.body),
        sortKey: new Date(message.time).toISOString(),
        endKey: '',
        groupKey: digitsOf(message.address) || message.address.toLowerCase(),
        unread: !message.read,
      };
    }
    case 'calls': {
      const call = data as RecordData<'calls'>;
      return {
        projection: null,
        search: words(call.number, digitsOf(call.number), call.name),
        sortKey: new Date(call.time).toISOString(),
        endKey: '',
        groupKey: call.type,
        unread: false,
      };
    }
    case 'notes': {
      const note = data as RecordData<'notes'>;
      return {
        projection: null,
        search: words(note.title, note.folder, note.body),
        // Pinned notes first, then the latest.
        sortKey: `${note.pinned ? '1' : '0'}${new Date(note.updatedAt).toISOString()}`,
        endKey: '',
        groupKey: note.folder,
        unread: false,
      };
    }
  }
}

/** Checks a record's data against its category's schema and parses what it carries; InvalidItem when wrong. */
export function prepareData(category: Category, input: unknown): PreparedData {
  const parsed = RECORD_DATA_SCHEMAS[category].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'data' : `data.${issue.path.join('.')}`;
    throw invalidItem('invalid_data', `${where}: ${issue?.message ?? 'is not valid'}`);
  }
  const data = parsed.data;
  const json = JSON.stringify(data);
  let parts: Derived;
  try {
    parts = storable(derived(category, data));
  } catch (error) {
    if (error instanceof InvalidItem) throw error;
    throw invalidItem('invalid_data', `The ${category} item cannot be read: ${(error as Error).message}`);
  }
  return { data, json, etag: etagOf(json), size: Buffer.byteLength(json), ...parts };
}
