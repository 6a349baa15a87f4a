import ICAL from 'ical.js';
import { contentLines } from './content-lines.js';
import { invalidItem } from './invalid-item.js';

/** How long a line's name and parameters (what comes before the value) may be. */
export const MAX_LINE_HEAD = 1024;
export const MAX_LINE_PARAMETERS = 50;
/** How deep BEGIN blocks may nest: a VCALENDAR › VEVENT › VALARM is three. */
export const MAX_NESTING = 10;

export interface ItemShape {
  code: 'invalid_vcard' | 'invalid_icalendar';
  /** How many content lines (after unfolding) the item may hold. */
  maxLines: number;
}

type ParamDesign = Record<string, { multiValue?: string } | undefined>;

/**
 * Refuses, before ical.js parses it, an item whose shape would make ical.js slow or blow its stack:
 * ical.js's parameter parsing grows with (parameters × line length), and its serialiser recurses
 * once per nested block. Values may be long (a photo): only MAX_ITEM_TEXT limits them.
 */
export function checkItemShape(text: string, shape: ItemShape): void {
  const refuse = (message: string) => invalidItem(shape.code, message);
  let lines = 0;
  let depth = 0;
  let params: ParamDesign | undefined;
  for (const line of contentLines(text)) {
    lines += 1;
    if (lines > shape.maxLines) throw refuse(`The item has more than ${shape.maxLines} lines.`);
    const head = lineHead(line.text, params ?? {});
    if (head === 'too long') {
      throw refuse(`Line ${lines}: its name and parameters are longer than ${MAX_LINE_HEAD} characters.`);
    }
    if (head === 'too many') throw refuse(`Line ${lines}: it has more than ${MAX_LINE_PARAMETERS} parameters.`);
    if (head.block === 'begin') {
      depth += 1;
      if (depth > MAX_NESTING) throw refuse(`BEGIN blocks nest deeper than ${MAX_NESTING} levels.`);
      // ical.js picks its parameter rules from the first block's name and keeps them.
      params ??= designParams(line.text.slice(head.end + 1));
    } else if (head.block === 'end') {
      depth -= 1;
    }
  }
}

function designParams(componentName: string): ParamDesign {
  return (ICAL.design.getDesignSet(componentName.toLowerCase()) as { param: ParamDesign }).param;
}

type Head = { end: number; block: 'begin' | 'end' | null } | 'too long' | 'too many';

/**
 * Where a line's value begins, found the way ical.js's parser finds it (parse._handleContentLine and
 * parse._parseParameters), so a line cannot look short here and long to ical.js. The walk stops as
 * soon as the line passes the limits, so checking costs at most MAX_LINE_PARAMETERS scans of it.
 */
export function lineHead(line: string, design: ParamDesign): Head {
  const valuePos = line.indexOf(':');
  const paramPos = line.indexOf(';');
  if (paramPos === -1 || (valuePos !== -1 && paramPos > valuePos)) {
    const end = valuePos === -1 ? line.length : valuePos;
    if (end > MAX_LINE_HEAD) return 'too long';
    const name = line.slice(0, end).toLowerCase();
    return { end, block: name === 'begin' || name === 'end' ? name : null };
  }
  if (paramPos > MAX_LINE_HEAD) return 'too long';
  const rest = line.slice(paramPos);
  const end = parametersEnd(rest, design);
  if (typeof end === 'string') return end;
  return end + paramPos > MAX_LINE_HEAD ? 'too long' : { end: end + paramPos, block: null };
}

/** parse._parseParameters's walk over `rest` (which begins with ";"): where it stops. */
function parametersEnd(rest: string, design: ParamDesign): number | 'too long' | 'too many' {
  let lastParam = 0;
  let pos = 0;
  let count = 0;
  for (;;) {
    pos = rest.indexOf('=', pos + 1);
    if (pos === -1) return rest.length;
    if (pos > MAX_LINE_HEAD) return 'too long';
    count += 1;
    if (count > MAX_LINE_PARAMETERS) return 'too many';
    // ical.js looks the name up with `in`, so only own entries carry multiValue.
    const name = rest.slice(lastParam + 1, pos).toLowerCase();
    const multiValue = Object.hasOwn(design, name) ? design[name]?.multiValue : undefined;
    if (rest[pos + 1] === '"') {
      pos = rest.indexOf('"', pos + 2);
      if (multiValue !== undefined && pos !== -1) {
        while (rest[pos + 1] === multiValue && rest[pos + 2] === '"' && pos <= MAX_LINE_HEAD) {
          pos = rest.indexOf('"', pos + 3);
        }
      }
      // ical.js gives up on this line: no further work.
      if (pos === -1) return rest.length;
      if (pos > MAX_LINE_HEAD) return 'too long';
      lastParam = rest.indexOf(';', pos);
      const propValuePos = rest.indexOf(':', pos);
      if (lastParam === -1 || (propValuePos !== -1 && lastParam > propValuePos)) {
        return propValuePos === -1 ? rest.length : propValuePos;
      }
    } else {
      const nextPos = rest.indexOf(';', pos + 1);
      const propValuePos = rest.indexOf(':', pos + 1);
      if (propValuePos !== -1 && nextPos > propValuePos) return propValuePos;
      if (nextPos === -1) return propValuePos === -1 ? rest.length : propValuePos;
      lastParam = nextPos;
      pos = nextPos;
    }
  }
}
