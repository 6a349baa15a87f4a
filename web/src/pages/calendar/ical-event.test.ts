import { describe, expect, it } from 'vitest';
import { fieldsFromIcs, icsWithFields, parseLocal, type EventFields } from './ical-event';

const lines = (...parts: string[]) => `${parts.join('\r\n')}\r\n`;

/** Berlin's rules as phones write them, so the item defines the zone its TZID names. */
const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const PHONE_EVENT = lines(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Phone//Calendar//EN',
  'X-WR-CALNAME:Work',
  'BEGIN:VEVENT',
  'UID:standup-1',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261102T090000Z',
  'DTEND:20261102T093000Z',
  'RRULE:FREQ=WEEKLY;BYDAY=MO',
  'EXDATE:20261116T090000Z',
  'SUMMARY:Standup',
  'LOCATION:Room 4',
  'ATTENDEE;CN=Ana:mailto:ana@example.org',
  'X-PHONE-COLOR:#ff8800',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-PT10M',
  'END:VALARM',
  'END:VEVENT',
  'END:VCALENDAR',
);

/** The lines of one property, e.g. every "DTSTART…" line. */
const propertyLines = (ics: string, name: string) => ics.split('\r\n').filter((line) => line.startsWith(name));

const localParts = (date: Date) => ({
  date: `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`,
  time: `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`,
});

describe('a phone’s event in the form', () => {
  it('reads title, place, local times and a weekly repeat', () => {
    const fields = fieldsFromIcs(PHONE_EVENT);
    const start = localParts(new Date('2026-11-02T09:00:00Z'));
    const end = localParts(new Date('2026-11-02T09:30:00Z'));
    expect(fields).toEqual({
      summary: 'Standup',
      allDay: false,
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
      location: 'Room 4',
      description: '',
      repeat: 'weekly',
    });
  });

  it('changes only what the form edits: alarms, attendees and X- properties survive', () => {
    const fields = fieldsFromIcs(PHONE_EVENT);
    const edited = icsWithFields(PHONE_EVENT, { ...fields, summary: 'Daily sync', description: 'Bring notes' });
    expect(propertyLines(edited, 'SUMMARY')).toEqual(['SUMMARY:Daily sync']);
    expect(propertyLines(edited, 'DESCRIPTION')).toEqual(['DESCRIPTION:Bring notes']);
    for (const kept of [
      'X-WR-CALNAME:Work',
      'ATTENDEE;CN=Ana:mailto:ana@example.org',
      'X-PHONE-COLOR:#ff8800',
      'TRIGGER:-PT10M',
      'UID:standup-1',
      'LOCATION:Room 4',
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'EXDATE:20261116T090000Z',
      'DTSTART:20261102T090000Z',
    ]) {
      expect(edited.split('\r\n'), kept).toContain(kept);
    }
    expect(propertyLines(edited, 'SEQUENCE')).toEqual(['SEQUENCE:1']);
  });

  it('moves the series in UTC and forgets exceptions named by the old times', () => {
    const fields = fieldsFromIcs(PHONE_EVENT);
    const start = localParts(new Date('2026-11-03T15:00:00Z'));
    const end = localParts(new Date('2026-11-03T16:00:00Z'));
    const edited = icsWithFields(PHONE_EVENT, {
      ...fields,
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
    });
    expect(propertyLines(edited, 'DTSTART')).toEqual(['DTSTART:20261103T150000Z']);
    expect(propertyLines(edited, 'DTEND')).toEqual(['DTEND:20261103T160000Z']);
    // Tuesday now: "every week" no longer means Mondays.
    expect(propertyLines(edited, 'RRULE')).toEqual(['RRULE:FREQ=WEEKLY']);
    expect(propertyLines(edited, 'EXDATE')).toEqual([]);
  });

  it('keeps a rule it cannot show, and drops every repeat when told "does not repeat"', () => {
    const fortnightly = PHONE_EVENT.replace('RRULE:FREQ=WEEKLY;BYDAY=MO', 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6');
    const fields = fieldsFromIcs(fortnightly);
    expect(fields.repeat).toBe('custom');
    expect(propertyLines(icsWithFields(fortnightly, fields), 'RRULE')).toEqual([
      'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6',
    ]);
    const single = icsWithFields(fortnightly, { ...fields, repeat: 'none' });
    expect(propertyLines(single, 'RRULE')).toEqual([]);
    expect(propertyLines(single, 'EXDATE')).toEqual([]);
    expect(fieldsFromIcs(single).repeat).toBe('none');
  });

  it('writes a time of a zone the item defines in that zone', () => {
    const berlin = lines(
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Phone//Calendar//EN',
      ...BERLIN,
      'BEGIN:VEVENT',
      'UID:dentist',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261102T090000',
      'DTEND;TZID=Europe/Berlin:20261102T100000',
      'SUMMARY:Dentist',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const fields = fieldsFromIcs(berlin);
    // 09:00 in Berlin in November is 08:00 UTC.
    expect(fields.startTime).toBe(localParts(new Date('2026-11-02T08:00:00Z')).time);
    const later = localParts(new Date('2026-11-02T09:30:00Z'));
    const edited = icsWithFields(berlin, { ...fields, startTime: later.time, startDate: later.date });
    expect(propertyLines(edited, 'DTSTART;')).toEqual(['DTSTART;TZID=Europe/Berlin:20261102T103000']);
    expect(edited).toContain('BEGIN:VTIMEZONE');
  });

  it('reads a zone the item only names with the browser’s rules', () => {
    const named = lines(
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Phone//Calendar//EN',
      'BEGIN:VEVENT',
      'UID:call',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Asia/Shanghai:20261102T090000',
      'SUMMARY:Call',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const fields = fieldsFromIcs(named);
    expect(fields.startTime).toBe(localParts(new Date('2026-11-02T01:00:00Z')).time);
    const edited = icsWithFields(named, { ...fields, summary: 'Call Li' });
    expect(propertyLines(edited, 'DTSTART')).toEqual(['DTSTART;TZID=Asia/Shanghai:20261102T090000']);
  });
});

describe('a new event from the form', () => {
  const fields: EventFields = {
    summary: 'Team lunch',
    allDay: false,
    startDate: '2026-11-24',
    startTime: '12:30',
    endDate: '2026-11-24',
    endTime: '13:30',
    location: '',
    description: '',
    repeat: 'monthly',
  };

  it('is one VCALENDAR with a UID, a stamp and its times in UTC', () => {
    const ics = icsWithFields(null, fields, new Date('2026-11-20T10:00:00Z'));
    const start = parseLocal('2026-11-24', '12:30') ?? new Date(NaN);
    const utc = start
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(propertyLines(ics, 'UID')).toHaveLength(1);
    expect(propertyLines(ics, 'DTSTAMP')).toEqual(['DTSTAMP:20261120T100000Z']);
    expect(propertyLines(ics, 'DTSTART')).toEqual([`DTSTART:${utc}`]);
    expect(propertyLines(ics, 'SUMMARY')).toEqual(['SUMMARY:Team lunch']);
    expect(propertyLines(ics, 'RRULE')).toEqual(['RRULE:FREQ=MONTHLY']);
    expect(propertyLines(ics, 'LOCATION')).toEqual([]);
    expect(fieldsFromIcs(ics)).toEqual(fields);
  });

  it('all day: dates only, ending the day after its last day', () => {
    const ics = icsWithFields(null, { ...fields, allDay: true, endDate: '2026-11-26', repeat: 'none' });
    expect(propertyLines(ics, 'DTSTART')).toEqual(['DTSTART;VALUE=DATE:20261124']);
    expect(propertyLines(ics, 'DTEND')).toEqual(['DTEND;VALUE=DATE:20261127']);
    const read = fieldsFromIcs(ics);
    expect([read.allDay, read.startDate, read.endDate]).toEqual([true, '2026-11-24', '2026-11-26']);
  });
});

describe('the form’s dates', () => {
  it('are real ones only', () => {
    expect(parseLocal('2026-02-30')).toBeNull();
    expect(parseLocal('2026-11-24', '25:00')).toBeNull();
    expect(parseLocal('24.11.2026')).toBeNull();
    expect(parseLocal('2026-11-24', '08:15')?.getHours()).toBe(8);
  });
});
