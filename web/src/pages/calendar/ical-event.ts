import ICAL from 'ical.js';
import { instantOfWallTime, isKnownZone, wallTimeIn, type WallTime } from './time-zones';

/**
 * A calendar item is the phone's iCalendar text. The portal reads it and changes only the
 * properties its form edits, so whatever else the phone wrote (alarms, attendees, X- properties,
 * time zones) survives the edit.
 */

export const REPEATS = ['none', 'daily', 'weekly', 'monthly', 'yearly'] as const;
/** What the form offers, plus "custom" for a rule it cannot show (kept as it is). */
export type Repeat = (typeof REPEATS)[number] | 'custom';

export interface EventFields {
  summary: string;
  allDay: boolean;
  /** Local dates ("2026-11-22") and times ("09:30"), as the form's inputs hold them. */
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  location: string;
  description: string;
  repeat: Repeat;
}

/** How the event's times are written: in UTC, as floating wall-clock times, or in a named zone. */
type TimeBasis = { kind: 'utc' } | { kind: 'floating' } | { kind: 'zone'; tzid: string; defined: boolean };

const FREQUENCIES = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY' } as const;

export function parseCalendar(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics) as unknown[]);
}

/** The event itself, not one of its RECURRENCE-ID overrides. */
export function masterEvent(calendar: ICAL.Component): ICAL.Component | undefined {
  const events = calendar.getAllSubcomponents('vevent');
  return events.find((event) => !event.hasProperty('recurrence-id')) ?? events[0];
}

/** The item's own VTIMEZONE for `tzid`; ical.js answers null when there is none, though its types say otherwise. */
function zoneDefinedIn(component: ICAL.Component, tzid: string): ICAL.Timezone | null {
  const zone: ICAL.Timezone | null = component.getTimeZoneByID(tzid);
  return zone;
}

function basisOf(event: ICAL.Component): TimeBasis {
  const start = event.getFirstProperty('dtstart');
  const value = start?.getFirstValue();
  if (!(value instanceof ICAL.Time) || value.zone === ICAL.Timezone.utcTimezone) return { kind: 'utc' };
  const tzid = start?.getParameter('tzid');
  if (typeof tzid !== 'string' || tzid === '') return { kind: 'floating' };
  return { kind: 'zone', tzid, defined: zoneDefinedIn(event, tzid) !== null };
}

/**
 * The instant an iCalendar time stands for: a date is its local midnight; a TZID the item does not
 * define is read with the browser's rules for that zone; a floating time is local.
 */
export function instantOf(time: ICAL.Time, event: ICAL.Component): Date {
  if (time.isDate) return new Date(time.year, time.month - 1, time.day);
  const basis = basisOf(event);
  if (basis.kind === 'zone' && !basis.defined && time.zone === ICAL.Timezone.localTimezone && isKnownZone(basis.tzid)) {
    return instantOfWallTime(basis.tzid, time);
  }
  return time.toJSDate();
}

const pad = (value: number) => String(value).padStart(2, '0');
export const localDate = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
export const localTime = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** A local date and time from the form's inputs; null when either is not a real one. */
export function parseLocal(date: string, time = '00:00'): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (day === null || clock === null) return null;
  const [year, month, dayOfMonth, hour, minute] = [day[1], day[2], day[3], clock[1], clock[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const result = new Date(year, month - 1, dayOfMonth, hour, minute);
  return result.getFullYear() === year && result.getMonth() === month - 1 && result.getDate() === dayOfMonth
    ? result
    : null;
}

const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

function repeatOf(event: ICAL.Component): Repeat {
  const rule = event.getFirstPropertyValue('rrule');
  if (!(rule instanceof ICAL.Recur)) return event.hasProperty('rdate') ? 'custom' : 'none';
  const simple = REPEATS.find((repeat) => repeat !== 'none' && FREQUENCIES[repeat] === rule.freq);
  // Every week on the start's weekday is what phones write for "weekly"; anything more is custom.
  const start = event.getFirstPropertyValue('dtstart');
  const weekday = start instanceof ICAL.Time ? ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][start.dayOfWeek() - 1] : null;
  const parts = Object.entries(rule.parts);
  const plain =
    (rule.interval === 1 || typeof rule.interval !== 'number') &&
    rule.count === null &&
    rule.until === null &&
    (parts.length === 0 ||
      (rule.freq === 'WEEKLY' &&
        parts.length === 1 &&
        rule.parts.BYDAY?.length === 1 &&
        rule.parts.BYDAY[0] === weekday));
  return simple !== undefined && plain && !event.hasProperty('rdate') ? simple : 'custom';
}

/** The form's view of a stored event (its series, for a repeating one). */
export function fieldsFromIcs(ics: string): EventFields {
  const calendar = parseCalendar(ics);
  const master = masterEvent(calendar);
  if (master === undefined) throw new Error('The calendar item holds no event.');
  const event = new ICAL.Event(master);
  const start = instantOf(event.startDate, master);
  const hasEnd = master.hasProperty('dtend') || master.hasProperty('duration');
  const allDay = event.startDate.isDate;
  let end = hasEnd ? instantOf(event.endDate, master) : allDay ? addDays(start, 1) : start;
  // An all-day event's DTEND is the day after its last day.
  if (allDay) end = end > start ? addDays(end, -1) : start;
  const text = (name: string) => {
    const value = master.getFirstPropertyValue(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    summary: text('summary'),
    allDay,
    startDate: localDate(start),
    startTime: allDay ? '09:00' : localTime(start),
    endDate: localDate(end),
    endTime: allDay ? '10:00' : localTime(end),
    location: text('location'),
    description: text('description'),
    repeat: repeatOf(master),
  };
}

/** A new event on `day`: the next full hour when it is today, else 09:00, for an hour. */
export function blankFields(day: Date, now = new Date()): EventFields {
  const sameDay = localDate(day) === localDate(now);
  const start = sameDay
    ? new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() + 1)
    : new Date(day.getFullYear(), day.getMonth(), day.getDate(), 9);
  const end = new Date(start.getTime() + 3_600_000);
  return {
    summary: '',
    allDay: false,
    startDate: localDate(start),
    startTime: localTime(start),
    endDate: localDate(end),
    endTime: localTime(end),
    location: '',
    description: '',
    repeat: 'none',
  };
}

function timeValue(instant: Date, basis: TimeBasis, calendar: ICAL.Component): { time: ICAL.Time; tzid?: string } {
  if (basis.kind === 'floating') {
    return {
      time: ICAL.Time.fromData({
        year: instant.getFullYear(),
        month: instant.getMonth() + 1,
        day: instant.getDate(),
        hour: instant.getHours(),
        minute: instant.getMinutes(),
        second: 0,
        isDate: false,
      }),
    };
  }
  if (basis.kind === 'zone') {
    const zone = zoneDefinedIn(calendar, basis.tzid);
    let wall: WallTime | null = null;
    if (zone !== null) wall = ICAL.Time.fromJSDate(instant, true).convertToZone(zone);
    else if (isKnownZone(basis.tzid)) wall = wallTimeIn(basis.tzid, instant);
    if (wall !== null) {
      const { year, month, day, hour, minute, second } = wall;
      return { time: ICAL.Time.fromData({ year, month, day, hour, minute, second, isDate: false }), tzid: basis.tzid };
    }
  }
  return { time: ICAL.Time.fromJSDate(instant, true) };
}

function setTime(event: ICAL.Component, name: 'dtstart' | 'dtend', value: { time: ICAL.Time; tzid?: string }) {
  event.removeAllProperties(name);
  const property = event.addPropertyWithValue(name, value.time);
  if (value.tzid !== undefined) property.setParameter('tzid', value.tzid);
}

function setText(event: ICAL.Component, name: string, value: string) {
  if (value.trim() === '') event.removeAllProperties(name);
  else event.updatePropertyWithValue(name, value);
}

function newCalendar(uid: string): { calendar: ICAL.Component; event: ICAL.Component } {
  const calendar = new ICAL.Component('vcalendar');
  calendar.updatePropertyWithValue('prodid', '-//Nimbus//Portal//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  const event = new ICAL.Component('vevent');
  event.updatePropertyWithValue('uid', uid);
  calendar.addSubcomponent(event);
  return { calendar, event };
}

/**
 * The iCalendar text with the form's fields written into it (a new item when `ics` is null): the
 * edited properties are replaced, every other one is kept as it was.
 */
export function icsWithFields(ics: string | null, fields: EventFields, now = new Date()): string {
  const stamp = ICAL.Time.fromJSDate(now, true);
  const { calendar, event } =
    ics === null
      ? newCalendar(crypto.randomUUID())
      : (() => {
          const parsed = parseCalendar(ics);
          const master = masterEvent(parsed);
          if (master === undefined) throw new Error('The calendar item holds no event.');
          return { calendar: parsed, event: master };
        })();
  const before = ics === null ? null : fieldsFromIcs(ics);

  setText(event, 'summary', fields.summary);
  setText(event, 'location', fields.location);
  setText(event, 'description', fields.description);

  if (fields.allDay) {
    const start = ICAL.Time.fromDateString(fields.startDate);
    const lastDay = parseLocal(fields.endDate) ?? parseLocal(fields.startDate) ?? now;
    setTime(event, 'dtstart', { time: start });
    setTime(event, 'dtend', { time: ICAL.Time.fromDateString(localDate(addDays(lastDay, 1))) });
  } else {
    const start = parseLocal(fields.startDate, fields.startTime) ?? now;
    const end = parseLocal(fields.endDate, fields.endTime) ?? start;
    // An event that was all-day, or is new, is written in UTC; otherwise as it was written before.
    const basis: TimeBasis = before === null || before.allDay ? { kind: 'utc' } : basisOf(event);
    setTime(event, 'dtstart', timeValue(start, basis, calendar));
    setTime(event, 'dtend', timeValue(end, basis, calendar));
  }
  event.removeAllProperties('duration');

  const moved =
    before !== null &&
    (before.startDate !== fields.startDate ||
      before.allDay !== fields.allDay ||
      (!fields.allDay && before.startTime !== fields.startTime));
  if (fields.repeat === 'none') {
    for (const name of ['rrule', 'rdate', 'exdate']) event.removeAllProperties(name);
  } else if (fields.repeat !== 'custom' && (before?.repeat !== fields.repeat || moved)) {
    event.removeAllProperties('rrule');
    event.addPropertyWithValue('rrule', ICAL.Recur.fromData({ freq: FREQUENCIES[fields.repeat] }));
  }
  // Overrides and exceptions name occurrences by their old times: they mean nothing once the series moves or stops.
  if (fields.repeat === 'none' || moved) {
    event.removeAllProperties('exdate');
    for (const override of calendar.getAllSubcomponents('vevent')) {
      if (override !== event && override.hasProperty('recurrence-id')) calendar.removeSubcomponent(override);
    }
  }

  event.updatePropertyWithValue('dtstamp', stamp);
  if (ics !== null) {
    event.updatePropertyWithValue('last-modified', stamp);
    const sequence = event.getFirstPropertyValue('sequence');
    event.updatePropertyWithValue('sequence', (typeof sequence === 'number' ? sequence : 0) + 1);
  } else {
    event.updatePropertyWithValue('created', stamp);
  }
  return calendar.toString();
}
