import type { EventProjection } from '@nimbus/protocol';
import ICAL from 'ical.js';
import { invalidItem } from './invalid-item.js';

/** Parses one calendar item (a VCALENDAR holding a VEVENT and maybe its overrides) with ical.js. */
export function parseIcalendar(ics: string): ICAL.Component {
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

export function projectIcalendar(calendar: ICAL.Component): EventProjection {
  const master = masterEvent(calendar);
  if (master === undefined) throw invalidItem('invalid_icalendar', 'The calendar item holds no VEVENT.');
  // TZID times convert with the time zones this item defines. ical.js looks zones up in one global
  // registry, so they are registered only for this synchronous call: one account's "Europe/Berlin"
  // never shapes another's.
  const zones = calendar.getAllSubcomponents('vtimezone').map((zone) => new ICAL.Timezone(zone));
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  try {
    const event = new ICAL.Event(master);
    const rule = master.getFirstPropertyValue('rrule');
    const location = master.getFirstPropertyValue('location');
    return {
      summary: typeof event.summary === 'string' ? event.summary : '',
      start: time(event.startDate),
      end: master.hasProperty('dtend') || master.hasProperty('duration') ? time(event.endDate) : null,
      allDay: event.startDate.isDate,
      recurrence: rule instanceof ICAL.Recur ? rule.toString() : null,
      location: typeof location === 'string' && location !== '' ? location : null,
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidItem') throw error;
    throw invalidItem('invalid_icalendar', `The event cannot be read: ${(error as Error).message}`);
  } finally {
    for (const zone of zones) ICAL.TimezoneService.remove(zone.tzid);
  }
}
