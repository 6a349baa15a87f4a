/**
 * vCard and iCalendar text split into its components without re-serialising anything: each
 * component keeps its exact bytes (folding, line endings, property order, unknown properties),
 * which a parse-and-print round trip through ical.js would not. ical.js reads the parts; this keeps
 * them as they were.
 */
export interface RawComponent {
  /** The component's name in upper case: VCARD, VCALENDAR, VEVENT, VTIMEZONE, … */
  name: string;
  /** BEGIN line to END line, every byte as in the file. */
  raw: string;
  /** The component's own property lines (with folded continuations), BEGIN/END and children excluded. */
  properties: string;
  children: RawComponent[];
}

/** The file's physical lines, each with its own line ending. */
export function physicalLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}

const withoutEnding = (line: string) => line.replace(/(?:\r\n|\n|\r)$/, '');

/** The top-level components of a text; text outside any component is ignored. An unclosed component ends at the end of the text. */
export function parseComponents(text: string): RawComponent[] {
  const top: RawComponent[] = [];
  const open: RawComponent[] = [];
  for (const line of physicalLines(text.replace(/^\uFEFF/, ''))) {
    const content = withoutEnding(line);
    const begin = /^BEGIN:([A-Za-z0-9-]+)\s*$/i.exec(content);
    if (begin?.[1] !== undefined) {
      const component: RawComponent = { name: begin[1].toUpperCase(), raw: '', properties: '', children: [] };
      (open.at(-1)?.children ?? top).push(component);
      open.push(component);
      for (const parent of open) parent.raw += line;
      continue;
    }
    const current = open.at(-1);
    if (current === undefined) continue;
    for (const parent of open) parent.raw += line;
    const end = /^END:([A-Za-z0-9-]+)\s*$/i.exec(content);
    if (end?.[1]?.toUpperCase() === current.name) open.pop();
    else current.properties += line;
  }
  return top;
}

/** The line ending a text uses, CRLF when it has none (as vCard and iCalendar want). */
export function lineEnding(text: string): string {
  return /\r\n|\n|\r/.exec(text)?.[0] ?? '\r\n';
}

/** The text ending with a line ending, so that components can be put one after another. */
export function endLine(text: string): string {
  return /(?:\r\n|\n|\r)$/.test(text) ? text : text + lineEnding(text);
}

/** Folded lines joined again (RFC 5545 §3.1, RFC 6350 §3.2). */
export const unfold = (text: string) => text.replace(/(?:\r\n|\n|\r)[ \t]/g, '');

/** The value of a component's own property, e.g. its UID; null when it has none. */
export function propertyValue(properties: string, name: string): string | null {
  const pattern = new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'im');
  const value = pattern.exec(unfold(properties))?.[1]?.trim();
  return value === undefined || value === '' ? null : value;
}

/**
 * The component with its UID set to `uid`: an existing UID line (and its folded continuation) is
 * replaced, else one is added after the BEGIN line (and after VERSION, which vCard 4.0 wants first).
 */
export function withUid(raw: string, uid: string): string {
  const eol = lineEnding(raw);
  const lines = physicalLines(raw);
  const kept: string[] = [];
  let skipping = false;
  let depth = 0;
  for (const line of lines) {
    const content = withoutEnding(line);
    if (skipping && /^[ \t]/.test(content)) continue;
    skipping = false;
    if (/^BEGIN:/i.test(content)) depth++;
    if (/^END:/i.test(content)) depth--;
    if (depth === 1 && /^UID[;:]/i.test(content)) {
      skipping = true;
      continue;
    }
    kept.push(line);
  }
  let at = 1;
  if (/^VERSION[;:]/i.test(withoutEnding(kept[1] ?? ''))) at = 2;
  const first = kept[at - 1];
  if (first !== undefined && !/(?:\r\n|\n|\r)$/.test(first)) kept[at - 1] = first + eol;
  kept.splice(at, 0, `UID:${uid}${eol}`);
  return kept.join('');
}

/** Same text apart from line endings and a final line ending. */
export function sameText(a: string, b: string): boolean {
  const normal = (text: string) => endLine(text.replace(/\r\n|\r/g, '\n'));
  return normal(a) === normal(b);
}
