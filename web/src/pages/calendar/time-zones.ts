/**
 * Wall-clock times in a named IANA time zone, for calendar items whose TZID has no VTIMEZONE
 * beside it (ical.js would read those as floating times): the browser knows the zone's rules.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(zone: string): Intl.DateTimeFormat | null {
  let format = formats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    formats.set(zone, format);
  }
  return format;
}

/** Whether the browser knows this zone by name, e.g. "Europe/Berlin" (not "W. Europe Standard Time"). */
export function isKnownZone(zone: string): boolean {
  return formatFor(zone) !== null;
}

/** What a clock in `zone` shows at `instant`. */
export function wallTimeIn(zone: string, instant: Date): WallTime {
  const format = formatFor(zone);
  if (format === null) throw new RangeError(`unknown time zone ${zone}`);
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const number = (type: string) => Number(parts[type]);
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    hour: number('hour'),
    minute: number('minute'),
    second: number('second'),
  };
}

const utcOf = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** The instant a clock in `zone` shows `wall`; a time skipped by a DST change moves forward. */
export function instantOfWallTime(zone: string, wall: WallTime): Date {
  const asUtc = utcOf(wall);
  const offsetAt = (instant: number) => utcOf(wallTimeIn(zone, new Date(instant))) - Math.floor(instant / 1000) * 1000;
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}
