import type { SyncRecord } from '@nimbus/protocol';
import ICAL from 'ical.js';
import { instantOf, masterEvent, parseCalendar } from './ical-event';

export type EventRecord = Extract<SyncRecord, { category: 'calendar' }>;

/** One time an event happens: a single event once, a repeating one on each of its dates. */
export interface Occurrence {
  /** Unique among occurrences: the record and this start. */
  key: string;
  record: EventRecord;
  start: Date;
  /** Exclusive; equal to start for an event without an end. */
  end: Date;
  allDay: boolean;
  summary: string;
  location: string | null;
  recurring: boolean;
}

/** A century of daily events; a rule that would yield more (every minute…) is cut off rather than hang the page. */
const MAX_STEPS = 40_000;
const DAY_MS = 86_400_000;

const overlaps = (start: Date, end: Date, from: Date, to: Date) =>
  end > start ? start < to && end > from : start >= from && start < to;

function endOf(start: Date, end: Date | null, allDay: boolean): Date {
  if (end !== null && end >= start) return end;
  return allDay ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1) : start;
}

/** Whether the projection alone shows a one-off event far from the range, sparing the parse. */
function clearlyOutside(record: EventRecord, from: Date, to: Date): boolean {
  const { projection } = record;
  if (projection.recurrence !== null || record.data.ics.includes('RDATE')) return false;
  const start = Date.parse(projection.start);
  const end = projection.end === null ? start : Date.parse(projection.end);
  // A day either side: all-day dates are read in the browser's zone, the projection's in UTC.
  return end < from.getTime() - DAY_MS || start > to.getTime() + DAY_MS;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * The series' expansion, started shortly before `from` when the rule allows it: a daily or weekly
 * rule without COUNT repeats the same way from any start a whole number of its periods later, so
 * years of past occurrences need not be walked one by one (a daily event since 2000 would take
 * thousands of steps on every month shown).
 */
function expansionNear(event: ICAL.Event, master: ICAL.Component, fromTime: number) {
  const rules = master.getAllProperties('rrule');
  const rule = rules[0]?.getFirstValue();
  if (rules.length !== 1 || !(rule instanceof ICAL.Recur) || rule.count !== null) return event.iterator();
  const parts = Object.keys(rule.parts);
  const interval = typeof rule.interval === 'number' && rule.interval > 0 ? rule.interval : 1;
  const weekday = WEEKDAYS[event.startDate.dayOfWeek() - 1] ?? '';
  const byDay: unknown[] = Array.isArray(rule.parts.BYDAY) ? rule.parts.BYDAY : [];
  let periodDays: number;
  if (rule.freq === 'DAILY' && parts.length === 0) periodDays = interval;
  else if (rule.freq === 'WEEKLY' && (parts.length === 0 || (parts.length === 1 && byDay.includes(weekday)))) {
    periodDays = 7 * interval;
  } else return event.iterator();
  // A week's margin, so an override that moved an occurrence a few days is still met.
  const spanMs = fromTime - instantOf(event.startDate, master).getTime() - 7 * DAY_MS;
  const periods = Math.floor(spanMs / (periodDays * DAY_MS));
  if (periods <= 0) return event.iterator();
  const start = event.startDate.clone();
  // In the event's own wall-clock time, so a series in a zone with DST keeps its hour.
  start.adjust(periods * periodDays, 0, 0, 0);
  return event.iterator(start);
}

/** Every occurrence of one stored event between `from` and `to` (overrides applied, EXDATEs left out). */
export function occurrencesOf(record: EventRecord, from: Date, to: Date): Occurrence[] {
  if (clearlyOutside(record, from, to)) return [];
  let calendar: ICAL.Component;
  try {
    calendar = parseCalendar(record.data.ics);
  } catch {
    return [];
  }
  const master = masterEvent(calendar);
  if (master === undefined) return [];
  const overrides = calendar.getAllSubcomponents('vevent').filter((event) => event !== master);
  const event = new ICAL.Event(master, { exceptions: overrides });
  const hasEnd = (component: ICAL.Component) => component.hasProperty('dtend') || component.hasProperty('duration');
  const make = (start: ICAL.Time, end: ICAL.Time, item: ICAL.Event): Occurrence => {
    const startAt = instantOf(start, master);
    const allDay = start.isDate;
    const endAt = endOf(startAt, hasEnd(item.component) ? instantOf(end, master) : null, allDay);
    const location = item.location;
    return {
      key: `${record.id}@${startAt.getTime()}`,
      record,
      start: startAt,
      end: endAt,
      allDay,
      summary: typeof item.summary === 'string' ? item.summary : '',
      location: typeof location === 'string' && location !== '' ? location : null,
      recurring: event.isRecurring(),
    };
  };

  if (!event.isRecurring()) {
    const single = make(event.startDate, event.endDate, event);
    return overlaps(single.start, single.end, from, to) ? [single] : [];
  }
  const found: Occurrence[] = [];
  const lengthMs = Math.max(0, event.duration.toSeconds() * 1000);
  const iterator = expansionNear(event, master, from.getTime() - lengthMs);
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = iterator.next();
    if (!(next instanceof ICAL.Time)) break;
    const at = instantOf(next, master).getTime();
    // Long-past occurrences of a series without overrides are skipped without building them.
    if (overrides.length === 0 && at + lengthMs < from.getTime()) continue;
    const details = event.getOccurrenceDetails(next);
    const occurrence = make(details.startDate, details.endDate, details.item);
    // Occurrences come in order of their original times; an override may move one a little.
    if (at >= to.getTime() && occurrence.start >= to) break;
    if (overlaps(occurrence.start, occurrence.end, from, to)) found.push(occurrence);
  }
  return found;
}

/** The occurrences of all events in a range, in the order they start (all-day ones first on a day). */
export function occurrencesIn(records: readonly EventRecord[], from: Date, to: Date): Occurrence[] {
  return records
    .flatMap((record) => occurrencesOf(record, from, to))
    .sort(
      (a, b) =>
        a.start.getTime() - b.start.getTime() ||
        Number(b.allDay) - Number(a.allDay) ||
        a.summary.localeCompare(b.summary),
    );
}
