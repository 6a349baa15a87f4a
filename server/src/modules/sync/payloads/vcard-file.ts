import { contentLines } from './content-lines.js';
import { invalidItem } from './invalid-item.js';

/** A BEGIN:VCARD or END:VCARD line is short; longer lines are not worth upper-casing to compare. */
const MARKER_LINE = 64;

function marker(line: string): 'begin' | 'end' | null {
  if (line.length > MARKER_LINE) return null;
  const upper = line.trim().toUpperCase();
  return upper === 'BEGIN:VCARD' ? 'begin' : upper === 'END:VCARD' ? 'end' : null;
}

/**
 * The vCards of a .vcf file, each exactly as the file has it (byte for byte, its line break
 * included), found by their BEGIN:VCARD and END:VCARD lines without parsing the file: each card is
 * parsed on its own when it is stored, so one damaged card costs only itself. Stops after
 * `maxCards + 1` cards: more than `maxCards` is the caller's to refuse. A file with text outside
 * its cards, or without any card, is not a vCard file.
 */
export function splitVcards(text: string, maxCards: number): string[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const cards: string[] = [];
  let cardStart: number | null = null;
  for (const line of contentLines(source)) {
    const kind = marker(line.text);
    if (kind === 'begin') {
      // vCard 3.0 and 4.0 do not nest: a BEGIN inside a card means that card was never ended, and
      // it is kept as it is (it will be refused on its own).
      if (cardStart !== null) cards.push(source.slice(cardStart, line.start));
      cardStart = line.start;
    } else if (kind === 'end' && cardStart !== null) {
      cards.push(source.slice(cardStart, line.end));
      cardStart = null;
    } else if (cardStart === null) {
      const lineNumber = source.slice(0, line.start).split('\n').length;
      throw invalidItem(
        'invalid_vcard',
        `This file is not a vCard file: line ${lineNumber} is outside BEGIN:VCARD … END:VCARD.`,
      );
    }
    if (cards.length > maxCards) return cards;
  }
  if (cardStart !== null) cards.push(source.slice(cardStart));
  if (cards.length === 0) throw invalidItem('invalid_vcard', 'This file holds no vCard.');
  return cards;
}
