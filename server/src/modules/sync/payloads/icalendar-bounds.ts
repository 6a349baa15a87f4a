import ICAL from 'ical.js';
import { DAY, SECOND } from '../../../core/time.js';
import { InvalidItem, invalidItem } from './invalid-item.js';

/**
 * The years an event may start, end or be overridden in. ical.js works out a time zone's changes
 * from the zone's first one up to the event's year (plus five), so the event's year bounds that work.
 */
export const EVENT_YEARS = { from: 1900, to: 2200 } as const;
/**
 * The years a time zone's STANDARD or DAYLIGHT part may begin in. Outlook and Exchange begin their
 * zones in 1601 (the Windows epoch), so 1600 and not later.
 */
export const ZONE_YEARS = { from: 1600, to: 2200 } as const;
export const MAX_ZONE_RDATES = 50;
/**
 * How much working out the item's time zones may cost, in steps of ical.js's iterator (about five
 * microseconds each): an Outlook zone (two yearly rules from 1601) takes about 1,700 for an event
 * this year and 2,400 for one in 2200.
 */
export const MAX_ZONE_STEPS = 3000;
/** Only the rule's text is kept (never expanded here); a longer one is not a phone's. */
export const MAX_RRULE_TEXT = 2000;

/** ical.js covers a zone up to the latest year asked for plus this many. */
const EXTRA_COVERAGE = 5;
const YEAR_SECONDS = (366 * DAY) / SECOND;
/**
 * BY-parts that pick days of the year. The others (BYHOUR, BYMINUTE, BYSECOND, BYWEEKNO, BYSETPOS)
 * multiply the occurrences ical.js walks through, and no real zone uses them.
 */
const ZONE_RULE_PARTS = new Set(['BYMONTH', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY']);

const refuse = (message: string) => invalidItem('invalid_icalendar', message);

/** The year of a DATE or DATE-TIME property, read from its raw text so no time zone is looked up yet. */
function rawYear(property: ICAL.Property): number | null {
  const raw: unknown = property.jCal[3];
  const text: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-\d\d-\d\d/.exec(text);
  return match === null ? null : Number(match[1]);
}

/**
 * Refuses a calendar item whose times or time zones would make ical.js's time-zone expansion
 * long: its events' times must lie in EVENT_YEARS, and each VTIMEZONE part must repeat yearly on
 * a few days from a year in ZONE_YEARS.
 */
export function checkCalendarBounds(calendar: ICAL.Component): void {
  try {
    checkBounds(calendar);
  } catch (error) {
    if (error instanceof InvalidItem) throw error;
    throw refuse(`The calendar item cannot be read: ${(error as Error).message}`);
  }
}

function checkBounds(calendar: ICAL.Component): void {
  // ical.js works a zone out up to the latest year it is asked about (never before this year), plus five.
  let lastYear = new Date().getUTCFullYear();
  for (const event of calendar.getAllSubcomponents('vevent')) lastYear = Math.max(lastYear, checkEventTimes(event));
  lastYear += EXTRA_COVERAGE;
  let steps = 0;
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    // ical.js expands every part of a zone, whatever its name.
    for (const part of zone.getAllSubcomponents()) steps += zonePartSteps(part, lastYear);
  }
  if (steps > MAX_ZONE_STEPS) {
    throw refuse('The time zones of this item describe too many changes; send zones with yearly rules only.');
  }
}

/** Refuses times out of EVENT_YEARS; answers the latest year the event reaches. */
function checkEventTimes(event: ICAL.Component): number {
  let startYear: number | null = null;
  let lastYear: number = EVENT_YEARS.from;
  for (const name of ['dtstart', 'dtend', 'recurrence-id']) {
    for (const property of event.getAllProperties(name)) {
      const year = rawYear(property);
      const label = name.toUpperCase();
      if (year === null) throw refuse(`The event's ${label} is not a date or a time.`);
      if (year < EVENT_YEARS.from || year > EVENT_YEARS.to) {
        throw refuse(`The event's ${label} is in ${year}: only ${EVENT_YEARS.from}–${EVENT_YEARS.to} are accepted.`);
      }
      if (name === 'dtstart') startYear ??= year;
      lastYear = Math.max(lastYear, year);
    }
  }
  const duration = event.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration && startYear !== null) {
    const endYear = startYear + Math.ceil(Math.abs(duration.toSeconds()) / YEAR_SECONDS);
    if (endYear > EVENT_YEARS.to) throw refuse(`The event's DURATION takes it past ${EVENT_YEARS.to}.`);
    lastYear = Math.max(lastYear, endYear);
  }
  const rule = event.getFirstPropertyValue('rrule');
  if (rule instanceof ICAL.Recur && rule.toString().length > MAX_RRULE_TEXT) {
    throw refuse(`The event's RRULE is longer than ${MAX_RRULE_TEXT} characters.`);
  }
  return lastYear;
}

/** What expanding one STANDARD or DAYLIGHT part costs ical.js, in iterator steps. */
function zonePartSteps(part: ICAL.Component, lastYear: number): number {
  const start = part.getFirstProperty('dtstart');
  const year = start === null ? null : rawYear(start);
  if (start !== null) {
    if (year === null) throw refuse('A time zone part has a DTSTART that is not a time.');
    if (year < ZONE_YEARS.from || year > ZONE_YEARS.to) {
      throw refuse(`A time zone part starts in ${year}: only ${ZONE_YEARS.from}–${ZONE_YEARS.to} are accepted.`);
    }
  }
  const rdates = part.getAllProperties('rdate').reduce((count, property) => count + property.jCal.length - 3, 0);
  if (rdates > MAX_ZONE_RDATES) throw refuse(`A time zone part lists more than ${MAX_ZONE_RDATES} RDATE values.`);
  let steps = 1 + rdates;
  for (const property of part.getAllProperties('rrule')) {
    const rule = property.getFirstValue();
    if (!(rule instanceof ICAL.Recur) || rule.freq !== 'YEARLY') {
      throw refuse('A time zone part repeats other than yearly (its RRULE must have FREQ=YEARLY).');
    }
    const parts = Object.keys(rule.parts).filter((name) => !ZONE_RULE_PARTS.has(name));
    if (parts.length > 0) throw refuse(`A time zone part's RRULE uses ${parts.join(', ')}: zones change on days.`);
    if (year === null) continue;
    const until = Math.min(rule.until?.year ?? Infinity, lastYear);
    steps += Math.max(0, until - year + 1) * (1 + daysPerYear(rule.parts));
  }
  return steps;
}

/** How many days of a year a yearly rule makes ical.js look at (an upper bound). */
function daysPerYear(parts: ICAL.Recur['parts']): number {
  const months = parts.BYMONTH?.length ?? 12;
  // "-1SU" is one day of a month (or of the year); "SU" is every Sunday of it.
  const every = parts.BYMONTH === undefined ? 53 : 5;
  const weekdays = (parts.BYDAY ?? []).reduce((sum, day) => sum + (/\d/.test(day) ? 1 : every), 0);
  if (parts.BYYEARDAY !== undefined) return parts.BYYEARDAY.length + weekdays;
  // ical.js tries both lists when a rule has both.
  if (parts.BYMONTHDAY !== undefined) return months * (parts.BYMONTHDAY.length + weekdays);
  if (parts.BYDAY !== undefined) return parts.BYMONTH === undefined ? weekdays : months * weekdays;
  return parts.BYMONTH?.length ?? 1;
}
