import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { contentLines } from './content-lines.js';
import { InvalidItem } from './invalid-item.js';
import {
  checkItemShape,
  lineHead,
  type ItemShape,
  MAX_LINE_HEAD,
  MAX_LINE_PARAMETERS,
  MAX_NESTING,
} from './item-shape.js';
import { parseVcard } from './vcard.js';

const card = (body: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Berg\r\n${body}END:VCARD\r\n`;
const VCARD: ItemShape = { code: 'invalid_vcard', maxLines: 2000 };
const vcardParams = ICAL.design.getDesignSet('vcard').param as Parameters<typeof lineHead>[1];

function refusal(text: string, maxLines = VCARD.maxLines): string {
  try {
    checkItemShape(text, { ...VCARD, maxLines });
  } catch (error) {
    if (error instanceof InvalidItem) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('content lines', () => {
  it('are split and unfolded as ical.js does, each with where it lies in the text', () => {
    const text = 'BEGIN:VCARD\r\nNOTE:one\r\n  two\r\n\tthree\nFN:x\r\n\r\nEND:VCARD';
    const lines = [...contentLines(text)];
    expect(lines.map((line) => line.text)).toEqual(['BEGIN:VCARD', 'NOTE:one twothree', 'FN:x', 'END:VCARD']);
    expect(text.slice(lines[1]?.start, lines[1]?.end)).toBe('NOTE:one\r\n  two\r\n\tthree\n');
    expect(lines.at(-1)?.end).toBe(text.length);
  });
});

describe('the shape of an item, checked before ical.js parses it', () => {
  it('accepts real cards: quoted parameters holding ":" and ";", a long folded photo', () => {
    expect(refusal(card('TEL;TYPE=CELL;TYPE=VOICE:+49 151 2345 0001\r\n'))).toBe('accepted');
    expect(refusal(card('item1.ADR;TYPE="home,pref";X-LABEL="a;b:c":;;Street 1;Berlin;;10115;DE\r\n'))).toBe(
      'accepted',
    );
    const photo = 'QUJD'.repeat(150_000).replace(/(.{74})/g, '$1\r\n ');
    expect(refusal(card(`PHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\n`))).toBe('accepted');
    expect(refusal(card(`TEL${';TYPE=a'.repeat(MAX_LINE_PARAMETERS)}:1\r\n`))).toBe('accepted');
  });

  it('refuses a line with too many parameters, or a name and parameters too long, wherever they fold', () => {
    expect(refusal(card(`TEL${';TYPE=a'.repeat(MAX_LINE_PARAMETERS + 1)}:1\r\n`))).toBe(
      `invalid_vcard: Line 4: it has more than ${MAX_LINE_PARAMETERS} parameters.`,
    );
    expect(refusal(card(`TEL;TYPE=${'a'.repeat(MAX_LINE_HEAD)}:1\r\n`))).toMatch(/Line 4: its name and parameters/);
    // Folded into short physical lines, it is still one long line.
    const folded = `TEL;X-A=${'a'.repeat(MAX_LINE_HEAD)}:1`.replace(/(.{60})/g, '$1\r\n ');
    expect(refusal(card(`${folded}\r\n`))).toMatch(/Line 4: its name and parameters/);
    // A quote never closed makes the whole line the head.
    expect(refusal(card(`TEL;TYPE="${'a'.repeat(5000)}:1\r\n`))).toMatch(/Line 4: its name and parameters/);
    expect(refusal(card(`X-${'N'.repeat(MAX_LINE_HEAD)}:value\r\n`))).toMatch(/Line 4: its name and parameters/);
  });

  it('follows ical.js where quotes could hide parameters from a simpler reading', () => {
    // ical.js takes `b,"c` as a plain value and `":zzz"` as a quoted one, then parses every ";P" after it.
    const sneaky = `X-A;A=b,"c;D=":zzz"${';P=1'.repeat(5000)}:value`;
    expect(lineHead(sneaky, vcardParams)).toBe('too many');
    // TYPE takes several quoted values in a row; others do not.
    expect(lineHead('TEL;TYPE="a","b":1', vcardParams)).toEqual({ end: 16, block: null });
  });

  it('finds where the value begins exactly where ical.js does', () => {
    const lines = [
      'TEL;TYPE=CELL:+49 151',
      'ATTENDEE;CN="Doe: J; and co";ROLE=CHAIR:mailto:doe@example.org',
      'NOTE:a;b:c',
      'X-A;X-B="q":value:with:colons',
    ];
    for (const line of lines) {
      const head = lineHead(line, vcardParams);
      if (typeof head === 'string') throw new Error(head);
      const [, , , value] = ICAL.parse.property(line) as unknown[];
      expect(line.slice(head.end + 1)).toBe(value);
    }
  });

  it('refuses blocks nested too deep and items with too many lines', () => {
    const nested = (depth: number) => card(`${'BEGIN:X\r\n'.repeat(depth)}${'END:X\r\n'.repeat(depth)}`);
    expect(refusal(nested(MAX_NESTING - 1))).toBe('accepted');
    expect(refusal(nested(MAX_NESTING))).toBe(`invalid_vcard: BEGIN blocks nest deeper than ${MAX_NESTING} levels.`);
    expect(refusal(card('TEL:1\r\n'.repeat(10)), 13)).toBe('invalid_vcard: The item has more than 13 lines.');
    expect(refusal(card('TEL:1\r\n'.repeat(10)), 14)).toBe('accepted');
  });

  it('refuses, as an invalid item, a card nested deep enough to overflow ical.js', () => {
    const deep = card(`${'BEGIN:X\r\n'.repeat(60_000)}${'END:X\r\n'.repeat(60_000)}`);
    expect(() => parseVcard(deep)).toThrow(InvalidItem);
  });
});
