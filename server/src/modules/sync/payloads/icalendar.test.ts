import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { parseIcalendar, projectIcalendar } from './icalendar.js';
import { MAX_ZONE_RDATES } from './icalendar-bounds.js';
import { InvalidItem } from './invalid-item.js';

interface Part {
  kind?: 'STANDARD' | 'DAYLIGHT';
  start: string;
  offset: string;
  rule?: string;
  rdate?: string;
}

const zone = (tzid: string | null, ...parts: Part[]) => [
  'BEGIN:VTIMEZONE',
  ...(tzid === null ? [] : [`TZID:${tzid}`]),
  ...parts.flatMap((part) => [
    `BEGIN:${part.kind ?? 'STANDARD'}`,
    `DTSTART:${part.start}`,
    ...(part.rule === undefined ? [] : [`RRULE:${part.rule}`]),
    ...(part.rdate === undefined ? [] : [`RDATE:${part.rdate}`]),
    `TZOFFSETFROM:${part.offset}`,
    `TZOFFSETTO:${part.offset}`,
    `END:${part.kind ?? 'STANDARD'}`,
  ]),
  'END:VTIMEZONE',
];

function calendar(zones: string[][], ...eventLines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Nimbus//Test//EN',
    ...zones.flat(),
    'BEGIN:VEVENT',
    'UID:event-1',
    'DTSTAMP:20260101T000000Z',
    'SUMMARY:Meeting',
    ...eventLines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const project = (ics: string) => projectIcalendar(parseIcalendar(ics));

function refusal(ics: string): string {
  try {
    project(ics);
  } catch (error) {
    if (error instanceof InvalidItem) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

/** Europe/Berlin as Outlook writes it: yearly rules from 1601. */
const outlookBerlin = zone(
  'W. Europe Standard Time',
  { kind: 'STANDARD', start: '16011028T030000', offset: '+0100', rule: 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10' },
  { kind: 'DAYLIGHT', start: '16010325T020000', offset: '+0200', rule: 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3' },
);
const berlin = zone(
  'Europe/Berlin',
  { kind: 'STANDARD', start: '19701025T030000', offset: '+0100', rule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU' },
  { kind: 'DAYLIGHT', start: '19700329T020000', offset: '+0200', rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU' },
);
const evil = (rule: string, start = '20000101T000000') => zone('Evil', { start, offset: '+0100', rule });

describe('calendar items and their time zones', () => {
  it('converts TZID times with the zones the item defines, Outlook’s from 1601 included', () => {
    const winter = project(calendar([outlookBerlin], 'DTSTART;TZID=W. Europe Standard Time:20261201T100000'));
    expect(winter.start).toBe('2026-12-01T09:00:00.000Z');
    const summer = project(
      calendar(
        [berlin],
        'DTSTART;TZID=Europe/Berlin:22000701T100000',
        'DTEND;TZID=Europe/Berlin:22000701T113000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO,WE',
      ),
    );
    expect(summer).toMatchObject({
      start: '2200-07-01T08:00:00.000Z',
      end: '2200-07-01T09:30:00.000Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE',
    });
  });

  it('refuses zones that would take ical.js long to work out, before working them out', () => {
    const event = 'DTSTART;TZID=Evil:20260101T100000';
    const notYearly =
      'invalid_icalendar: A time zone part repeats other than yearly (its RRULE must have FREQ=YEARLY).';
    expect(refusal(calendar([evil('FREQ=DAILY')], event))).toBe(notYearly);
    expect(refusal(calendar([evil('FREQ=HOURLY')], event))).toBe(notYearly);
    expect(refusal(calendar([evil('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=1,2')], event))).toBe(
      "invalid_icalendar: A time zone part's RRULE uses BYHOUR: zones change on days.",
    );
    expect(refusal(calendar([evil('FREQ=YEARLY', '15000101T000000')], event))).toBe(
      'invalid_icalendar: A time zone part starts in 1500: only 1600–2200 are accepted.',
    );
    const everyDay = `FREQ=YEARLY;BYYEARDAY=${Array.from({ length: 366 }, (_, day) => day + 1).join(',')}`;
    expect(refusal(calendar([evil(everyDay, '16010101T000000')], event))).toMatch(/describe too many changes/);
    const manyParts = Array.from({ length: 5 }, () => outlookBerlin).map((parts, index) =>
      parts.map((line) => line.replace('TZID:W. Europe Standard Time', `TZID:Copy ${index}`)),
    );
    expect(refusal(calendar(manyParts, event))).toMatch(/describe too many changes/);
    const rdates = Array.from({ length: MAX_ZONE_RDATES + 1 }, (_, index) => `${2000 + index}0301T020000`);
    const listed = zone('Evil', { start: '20000101T000000', offset: '+0100', rdate: rdates.join(',') });
    expect(refusal(calendar([listed], event))).toBe(
      `invalid_icalendar: A time zone part lists more than ${MAX_ZONE_RDATES} RDATE values.`,
    );
  });

  it('refuses event times out of 1900–2200, however they are reached', () => {
    expect(refusal(calendar([evil('FREQ=DAILY')], 'DTSTART;TZID=Evil:40000101T100000'))).toBe(
      "invalid_icalendar: The event's DTSTART is in 4000: only 1900–2200 are accepted.",
    );
    expect(refusal(calendar([], 'DTSTART;VALUE=DATE:18991231'))).toMatch(/DTSTART is in 1899/);
    expect(refusal(calendar([], 'DTSTART:20260101T100000Z', 'DTEND:22010101T100000Z'))).toMatch(/DTEND is in 2201/);
    expect(refusal(calendar([], 'DTSTART:20260101T100000Z', 'DURATION:P99999999W'))).toBe(
      "invalid_icalendar: The event's DURATION takes it past 2200.",
    );
    expect(refusal(calendar([], 'DTSTART:20260101T100000Z', 'RECURRENCE-ID:99990101T100000Z'))).toMatch(
      /RECURRENCE-ID is in 9999/,
    );
    expect(refusal(calendar([], 'DTSTART;VALUE=TEXT:soon'))).toMatch(/DTSTART is not a date or a time/);
    const days = Array.from({ length: 366 }, (_, day) => `${day + 1},-${day + 1}`).join(',');
    expect(refusal(calendar([], 'DTSTART:20260101T100000Z', `RRULE:FREQ=YEARLY;BYYEARDAY=${days}`))).toMatch(
      /RRULE is longer than 2000 characters/,
    );
  });

  it('leaves ical.js’s zone registry as it was, so no item shapes another’s times', () => {
    const victim = calendar([berlin], 'DTSTART;TZID=Europe/Berlin:20261201T100000', 'DTEND;TZID=UTC:20261201T100000');
    const before = project(victim);
    expect(before).toMatchObject({ start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' });
    const fakeBerlin = zone('Europe/Berlin', { start: '19700101T000000', offset: '+1300' });
    const fakeUtc = zone('UTC', { start: '19700101T000000', offset: '+0500' });
    const nameless = zone(null, { start: '19700101T000000', offset: '+0000' });
    // One that is stored, one that fails half-way through.
    expect(refusal(calendar([fakeBerlin, fakeUtc, nameless], 'DTSTART;TZID=UTC:20261201T100000'))).toBe('accepted');
    expect(refusal(calendar([fakeBerlin, fakeUtc], 'DTSTART;TZID=UTC:20261201T100000', 'DURATION:garbage'))).toMatch(
      /^invalid_icalendar/,
    );
    expect(project(victim)).toEqual(before);
    // Without its own zone, an item's Europe/Berlin is not anyone else's either.
    const bare = project(calendar([], 'DTSTART;TZID=Europe/Berlin:20261201T100000'));
    expect(bare.start).toBe(project(calendar([], 'DTSTART:20261201T100000')).start);
    expect(ICAL.TimezoneService.has('Europe/Berlin')).toBe(false);
    expect(ICAL.TimezoneService.get('UTC')).toBe(ICAL.Timezone.utcTimezone);
  });
});
