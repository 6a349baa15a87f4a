import { describe, expect, it } from 'vitest';
import { occurrencesIn, type EventRecord } from './occurrences';

const lines = (...parts: string[]) => `${parts.join('\r\n')}\r\n`;

function eventRecord(id: string, ics: string, projection: Partial<EventRecord['projection']> = {}): EventRecord {
  return {
    category: 'calendar',
    id,
    version: 1,
    etag: id,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    deleted: false,
    data: { ics },
    projection: { summary: '', start: '', end: null, allDay: false, recurrence: null, location: null, ...projection },
  };
}

const vevent = (...properties: string[]) =>
  lines(
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//EN',
    'BEGIN:VEVENT',
    'DTSTAMP:20261101T000000Z',
    ...properties,
    'END:VEVENT',
    'END:VCALENDAR',
  );

const NOVEMBER = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] as const;

describe('occurrences in a range', () => {
  it('repeat a weekly event on each of its weeks, leaving out an EXDATE', () => {
    const standup = eventRecord(
      'standup',
      vevent(
        'UID:standup',
        'DTSTART:20261102T090000Z',
        'DTEND:20261102T093000Z',
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        'EXDATE:20261116T090000Z',
        'SUMMARY:Standup',
      ),
      { start: '2026-11-02T09:00:00.000Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' },
    );
    const found = occurrencesIn([standup], ...NOVEMBER);
    expect(found.map((occurrence) => occurrence.start.toISOString())).toEqual([
      '2026-11-02T09:00:00.000Z',
      '2026-11-09T09:00:00.000Z',
      '2026-11-23T09:00:00.000Z',
      '2026-11-30T09:00:00.000Z',
    ]);
    expect(found.every((occurrence) => occurrence.summary === 'Standup' && occurrence.recurring)).toBe(true);
    expect(found[0]?.end.toISOString()).toBe('2026-11-02T09:30:00.000Z');
  });

  it('show a moved occurrence where and as its override says', () => {
    const ics = lines(
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'BEGIN:VEVENT',
      'UID:yoga',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261104T170000Z',
      'DTEND:20261104T180000Z',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'SUMMARY:Yoga',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:yoga',
      'DTSTAMP:20261101T000000Z',
      'RECURRENCE-ID:20261111T170000Z',
      'DTSTART:20261112T080000Z',
      'DTEND:20261112T090000Z',
      'SUMMARY:Yoga (morning)',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const found = occurrencesIn([eventRecord('yoga', ics, { recurrence: 'FREQ=WEEKLY;COUNT=3' })], ...NOVEMBER);
    expect(found.map((occurrence) => [occurrence.start.toISOString(), occurrence.summary])).toEqual([
      ['2026-11-04T17:00:00.000Z', 'Yoga'],
      ['2026-11-12T08:00:00.000Z', 'Yoga (morning)'],
      ['2026-11-18T17:00:00.000Z', 'Yoga'],
    ]);
  });

  it('still find a daily event that began decades ago', () => {
    const pills = eventRecord(
      'pills',
      vevent('UID:pills', 'DTSTART:20000101T070000Z', 'DTEND:20000101T071000Z', 'RRULE:FREQ=DAILY', 'SUMMARY:Pills'),
      { start: '2000-01-01T07:00:00.000Z', recurrence: 'FREQ=DAILY' },
    );
    expect(occurrencesIn([pills], ...NOVEMBER)).toHaveLength(30);
  });

  it('give an all-day event every day it covers, and nothing for events elsewhere', () => {
    const trip = eventRecord(
      'trip',
      vevent('UID:trip', 'DTSTART;VALUE=DATE:20261127', 'DTEND;VALUE=DATE:20261130', 'SUMMARY:Trip'),
      { start: '2026-11-27', end: '2026-11-30', allDay: true },
    );
    const old = eventRecord('old', vevent('UID:old', 'DTSTART:20250101T100000Z', 'SUMMARY:Old'), {
      start: '2025-01-01T10:00:00.000Z',
    });
    const saturday = [new Date(2026, 10, 28), new Date(2026, 10, 29)] as const;
    const found = occurrencesIn([trip, old], ...saturday);
    expect(found.map((occurrence) => [occurrence.summary, occurrence.allDay])).toEqual([['Trip', true]]);
    expect(found[0]?.start).toEqual(new Date(2026, 10, 27));
    expect(found[0]?.end).toEqual(new Date(2026, 10, 30));
    expect(occurrencesIn([trip, old], new Date(2026, 10, 30), new Date(2026, 11, 1))).toEqual([]);
  });

  it('skip an item that is not iCalendar instead of failing the page', () => {
    expect(occurrencesIn([eventRecord('broken', 'not a calendar', { recurrence: 'FREQ=DAILY' })], ...NOVEMBER)).toEqual(
      [],
    );
  });
});

describe('a long-running series', () => {
  it('keeps its days, its every-other-week rhythm and its exceptions', () => {
    const gym = eventRecord(
      'gym',
      vevent(
        'UID:gym',
        'DTSTART:20100104T063000Z',
        'DTEND:20100104T073000Z',
        'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
        'EXDATE:20261116T063000Z',
        'SUMMARY:Gym',
      ),
      { start: '2010-01-04T06:30:00.000Z', recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH' },
    );
    // 4 January 2010 begins the two-week rhythm: in November 2026 its weeks start on the 2nd, 16th and 30th.
    expect(occurrencesIn([gym], ...NOVEMBER).map((occurrence) => occurrence.start.toISOString())).toEqual([
      '2026-11-02T06:30:00.000Z',
      '2026-11-05T06:30:00.000Z',
      '2026-11-19T06:30:00.000Z',
      '2026-11-30T06:30:00.000Z',
    ]);
  });

  it('counts from its first occurrence when it has a COUNT', () => {
    const course = eventRecord(
      'course',
      vevent('UID:course', 'DTSTART:20261001T170000Z', 'RRULE:FREQ=DAILY;COUNT=40', 'SUMMARY:Course'),
      { start: '2026-10-01T17:00:00.000Z', recurrence: 'FREQ=DAILY;COUNT=40' },
    );
    // 1 October + 39 days = 9 November.
    expect(occurrencesIn([course], ...NOVEMBER)).toHaveLength(9);
  });
});
