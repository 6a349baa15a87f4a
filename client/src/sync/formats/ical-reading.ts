import ICAL from 'ical.js';
import { propertyValue, type RawComponent } from './raw-components.js';

/** One component parsed by ical.js, or null when ical.js cannot read it (the server will say why). */
export function parseWithIcal(raw: string): ICAL.Component | null {
  try {
    const parsed: unknown = ICAL.parse(raw);
    if (!Array.isArray(parsed) || Array.isArray(parsed[0])) return null;
    return new ICAL.Component(parsed as unknown[]);
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value)) return text(value.filter((part) => typeof part === 'string').join(' '));
  if (value instanceof ICAL.Time) return value.toString();
  return null;
}

/** A text property of the component, read by ical.js (unescaped), else taken from the raw lines. */
export function textProperty(component: RawComponent, parsed: ICAL.Component | null, name: string): string | null {
  if (parsed !== null) return text(parsed.getFirstPropertyValue(name.toLowerCase()));
  return propertyValue(component.properties, name);
}

/** The time zones a calendar component refers to by TZID, in itself and its alarms. */
export function timeZonesUsed(parsed: ICAL.Component | null, raw: string): string[] {
  const zones = new Set<string>();
  if (parsed === null) {
    for (const match of raw.matchAll(/;TZID=("?)([^";:\r\n]+)\1/gi)) if (match[2] !== undefined) zones.add(match[2]);
    return [...zones];
  }
  const visit = (component: ICAL.Component) => {
    for (const property of component.getAllProperties()) {
      const zone: unknown = property.getParameter('tzid');
      if (typeof zone === 'string' && zone !== '') zones.add(zone);
    }
    for (const child of component.getAllSubcomponents()) visit(child);
  };
  visit(parsed);
  return [...zones];
}
