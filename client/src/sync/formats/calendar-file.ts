import path from 'node:path';
import type { RecordData } from '@nimbus/protocol';
import type ICAL from 'ical.js';
import { readTextOrNull, writeIfChanged } from '../atomic-file.js';
import { hashText } from '../ids.js';
import { FolderFormatError, type FolderFormat, type KnownRecord, type LocalItem } from './format.js';
import { parseWithIcal, textProperty, timeZonesUsed } from './ical-reading.js';
import { RecordIdentities } from './identity.js';
import {
  endLine,
  lineEnding,
  parseComponents,
  propertyValue,
  sameText,
  withUid,
  type RawComponent,
} from './raw-components.js';

/** A calendar item: its components (an event and its RECURRENCE-ID overrides) and the time zones they use. */
export interface CalendarItem extends LocalItem {
  components: string[];
  /** TZID → the VTIMEZONE component's text. */
  zones: Map<string, string>;
}

const DEFAULT_HEADER = 'VERSION:2.0\r\nPRODID:-//Nimbus//nimbus sync//EN\r\n';

interface Parsed {
  component: RawComponent;
  ical: ICAL.Component | null;
}

function calendarText(header: string, zones: Iterable<string>, components: Iterable<string>): string {
  const eol = lineEnding(header);
  return `BEGIN:VCALENDAR${eol}${header}${[...zones, ...components].map(endLine).join('')}END:VCALENDAR${eol}`;
}

function zonesOf(calendar: RawComponent): Map<string, string> {
  const zones = new Map<string, string>();
  for (const child of calendar.children) {
    const tzid = child.name === 'VTIMEZONE' ? propertyValue(child.properties, 'TZID') : null;
    if (tzid !== null && !zones.has(tzid)) zones.set(tzid, child.raw);
  }
  return zones;
}

/** The zones these components refer to, as far as `available` defines them. */
function zonesUsed(parts: Parsed[], available: Map<string, string>): Map<string, string> {
  const used = new Map<string, string>();
  for (const part of parts) {
    for (const tzid of timeZonesUsed(part.ical, part.component.raw)) {
      const zone = available.get(tzid);
      if (zone !== undefined) used.set(tzid, zone);
    }
  }
  return used;
}

function labelOf(parts: Parsed[]): string {
  const master = parts.find((part) => propertyValue(part.component.properties, 'RECURRENCE-ID') === null) ?? parts[0];
  if (master === undefined) return 'an event';
  const summary = textProperty(master.component, master.ical, 'SUMMARY') ?? 'an event';
  const start = propertyValue(master.component.properties, 'DTSTART');
  return start === null ? summary : `${summary} (${start})`;
}

const parse = (component: RawComponent): Parsed => ({ component, ical: parseWithIcal(component.raw) });

/**
 * calendar.ics: one VCALENDAR holding every event. A record is everything with one UID (an event
 * and its RECURRENCE-ID overrides) plus the VTIMEZONEs it uses; components keep their bytes.
 * The file has one calendar header, so a record's own calendar-level properties (X-WR-CALNAME,
 * METHOD) stay on the server until it is changed here.
 */
export class CalendarFile implements FolderFormat<CalendarItem> {
  readonly category = 'calendar';
  readonly where = 'calendar.ics';
  private readonly file: string;
  private header: string | null = null;

  constructor(dir: string) {
    this.file = path.join(dir, this.where);
  }

  async read(known: ReadonlyMap<string, KnownRecord>): Promise<CalendarItem[] | null> {
    const text = await readTextOrNull(this.file);
    if (text === null) return null;
    const calendars = parseComponents(text).filter((component) => component.name === 'VCALENDAR');
    if (calendars.length === 0 && text.trim() !== '') {
      throw new FolderFormatError(`${this.where} holds no BEGIN:VCALENDAR … END:VCALENDAR`);
    }
    this.header = calendars[0]?.properties ?? null;
    const header = this.header ?? DEFAULT_HEADER;
    const zones = new Map<string, string>();
    for (const calendar of calendars)
      for (const [tzid, zone] of zonesOf(calendar)) if (!zones.has(tzid)) zones.set(tzid, zone);

    const groups = new Map<string, Parsed[]>();
    const loose: Parsed[] = [];
    for (const calendar of calendars) {
      for (const child of calendar.children) {
        if (child.name === 'VTIMEZONE') continue;
        const part = parse(child);
        const uid = textProperty(child, part.ical, 'UID');
        if (uid === null) loose.push(part);
        else groups.set(uid, [...(groups.get(uid) ?? []), part]);
      }
    }

    const identities = new RecordIdentities(known);
    const item = (id: string, uid: string, parts: Parsed[]): CalendarItem => {
      const used = zonesUsed(parts, zones);
      const components = parts.map((part) => part.component.raw);
      const ics = calendarText(header, used.values(), components);
      return { id, uid, text: ics, data: { ics }, label: labelOf(parts), components, zones: used };
    };
    const renamed = (parts: Parsed[], uid: string) =>
      parts.map((part) => parse({ ...part.component, raw: withUid(part.component.raw, uid) }));

    const items: CalendarItem[] = [];
    for (const [uid, parts] of groups) {
      const ics = calendarText(
        header,
        zonesUsed(parts, zones).values(),
        parts.map((part) => part.component.raw),
      );
      const id = identities.identify(hashText(ics), uid);
      if (id !== null) {
        items.push(item(id, uid, parts));
        continue;
      }
      const fresh = identities.fresh();
      items.push(item(fresh, fresh, renamed(parts, fresh)));
    }
    for (const part of loose) {
      const fresh = identities.fresh();
      items.push(item(fresh, fresh, renamed([part], fresh)));
    }
    return items;
  }

  fromServer(id: string, data: RecordData): CalendarItem {
    const { ics } = data as RecordData<'calendar'>;
    const calendar = parseComponents(ics).find((component) => component.name === 'VCALENDAR');
    const children = calendar?.children.filter((child) => child.name !== 'VTIMEZONE') ?? [];
    let parts = children.map(parse);
    let uid = parts.map((part) => textProperty(part.component, part.ical, 'UID')).find((value) => value !== null);
    if (uid === undefined) {
      // Components without a UID could not be found again in one file: they get the record's id.
      uid = id;
      parts = parts.map((part) => parse({ ...part.component, raw: withUid(part.component.raw, id) }));
    }
    const zones = calendar === undefined ? new Map<string, string>() : zonesUsed(parts, zonesOf(calendar));
    return {
      id,
      uid,
      text: ics,
      data: { ics },
      label: labelOf(parts),
      components: parts.map((part) => part.component.raw),
      zones,
    };
  }

  async write(items: CalendarItem[]): Promise<void> {
    if (items.length === 0 && (await readTextOrNull(this.file)) === null) return;
    const zones = new Map<string, string>();
    for (const item of items) for (const [tzid, zone] of item.zones) if (!zones.has(tzid)) zones.set(tzid, zone);
    const components = items.flatMap((item) => item.components);
    await writeIfChanged(this.file, calendarText(this.header ?? DEFAULT_HEADER, zones.values(), components));
  }

  locate(): string {
    return this.where;
  }

  sameContent(a: CalendarItem, b: CalendarItem): boolean {
    return sameText(a.components.map(endLine).join(''), b.components.map(endLine).join(''));
  }

  conflictCopy(item: CalendarItem) {
    return { extension: 'ics', text: item.text };
  }
}
