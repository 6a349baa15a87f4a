import type { EventProjection } from '@nimbus/protocol';
import ICAL from 'ical.js';
import { checkCalendarBounds } from './icalendar-bounds.js';
import { InvalidItem, invalidItem } from './invalid-item.js';
import { checkItemShape } from './item-shape.js';

/** How many content lines a calendar item may hold: an event, its zones and many overrides fit. */
export const MAX_ICALENDAR_LINES = 10_000;

/** Parses one calendar item (a VCALENDAR holding a VEVENT and maybe its overrides) with ical.js. */
export function parseIcalendar(ics: string): ICAL.Component {
  checkItemShape(ics, { code: 'invalid_icalendar', maxLines: MAX_ICALENDAR_LINES });
  let parsed: unknown;
  try {
    parsed = ICAL.parse(ics);
  } catch (error) {
    throw invalidItem('invalid_icalendar', `This is not valid iCalendar: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || Array.isArray(parsed[0])) {
    throw invalidItem('invalid_icalendar', 'Send one VCALENDAR per calendar item.');
  }
  const calendar = new ICAL.Component(parsed as unknown[]);
  if (calendar.name !== 'vcalendar') {
    throw invalidItem('invalid_icalendar', 'This is not iCalendar: it must begin with BEGIN:VCALENDAR.');
  }
  const master = masterEvent(calendar);
  if (master === undefined) throw invalidItem('invalid_icalendar', 'The calendar item holds no VEVENT.');
  if (!master.hasProperty('dtstart')) throw invalidItem('invalid_icalendar', 'The event has no DTSTART.');
  checkCalendarBounds(calendar);
  return calendar;
}

/** The event itself, not one of its RECURRENCE-ID overrides. */
function masterEvent(calendar: ICAL.Component): ICAL.Component | undefined {
  const events = calendar.getAllSubcomponents('vevent');
  return events.find((event) => !event.hasProperty('recurrence-id')) ?? events[0];
}

function time(value: ICAL.Time): string {
  return value.isDate ? value.toString() : value.toJSDate().toISOString();
}

/**
 * What lists and the portal show of an event. Its TZID times convert with the time zones the item
 * itself defines: ical.js finds them in the item (Component.getTimeZoneByID), so nothing is put in
 * ical.js's process-wide zone registry, and one account's "Europe/Berlin" never shapes another's.
 */
export function projectIcalendar(calendar: ICAL.Component): EventProjection {
  const master = masterEvent(calendar);
  if (master === undefined) throw invalidItem('invalid_icalendar', 'The calendar item holds no VEVENT.');
  // Before any zone is used: working out its changes must take little time.
  checkCalendarBounds(calendar);
  try {
    const event = new ICAL.Event(master);
    const rule = master.getFirstPropertyValue('rrule');
    const location = master.getFirstPropertyValue('location');
    return {
      summary: typeof event.summary === 'string' ? event.summary : '',
      start: time(event.startDate),
      end: master.hasProperty('dtend') || master.hasProperty('duration') ? time(event.endDate) : null,
      allDay: event.startDate.isDate,
      // Only the rule's text: the server never expands it.
      recurrence: rule instanceof ICAL.Recur ? rule.toString() : null,
      location: typeof location === 'string' && location !== '' ? location : null,
    };
  } catch (error) {
    if (error instanceof InvalidItem) throw error;
    throw invalidItem('invalid_icalendar', `The event cannot be read: ${(error as Error).message}`);
  }
}
