import type { SyncRecord } from '@nimbus/protocol';
import type { TFunction } from 'i18next';
import { noteExcerpt, noteTitle } from '../notes/note-text';

/** How a deleted record is named in the bin: a title and a line under it. */
export interface BinEntry {
  title: string;
  detail: string | null;
}

const shorten = (text: string, length = 120) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export interface BinFormats {
  dateTime: (instant: string) => string;
  /** A calendar date such as "2026-11-22", the same day wherever the reader is. */
  day: (date: string) => string;
}

/** A deleted record of any category, described so its owner recognises it. */
export function binEntry(t: TFunction, record: SyncRecord, format: BinFormats): BinEntry {
  switch (record.category) {
    case 'contacts': {
      const { fullName, organization, phones, emails } = record.projection;
      return { title: fullName, detail: organization ?? phones[0]?.value ?? emails[0]?.value ?? null };
    }
    case 'calendar': {
      const { summary, start, allDay, location } = record.projection;
      const when = allDay ? format.day(start) : format.dateTime(start);
      return {
        title: summary.trim() || t('bin.untitledEvent'),
        detail: location === null ? when : `${when} · ${location}`,
      };
    }
    case 'messages': {
      const { address, body, direction, time } = record.data;
      const who = direction === 'in' ? t('bin.messageFrom', { address }) : t('bin.messageTo', { address });
      return { title: who, detail: `${format.dateTime(time)} · ${shorten(body.replace(/\s+/g, ' '))}` };
    }
    case 'calls': {
      const { number, name, type, time } = record.data;
      return {
        title: name ?? number,
        detail: `${t(`bin.callTypes.${type}`)} · ${format.dateTime(time)}${name === null ? '' : ` · ${number}`}`,
      };
    }
    case 'notes':
      return { title: noteTitle(t, record.data), detail: noteExcerpt(record.data, 120) || null };
  }
}
