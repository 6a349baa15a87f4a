/** One unfolded content line of a vCard or iCalendar text, and where it lies in that text. */
export interface ContentLine {
  /** The line with its folds undone, as ical.js sees it. */
  text: string;
  /** Where its first physical line begins. */
  start: number;
  /** Just past its last line break (or the end of the text). */
  end: number;
}

/**
 * The content lines of a text, split and unfolded the way ical.js does (a line ends at "\n", a
 * "\r" before it is dropped, a line that begins with a space or a tab continues the one before),
 * so that what is checked here is exactly what ical.js will parse. Empty lines are skipped, as
 * ical.js skips them.
 */
export function* contentLines(source: string): Generator<ContentLine> {
  let position = source.search(/[^ \t]/);
  if (position === -1) return;
  let current: ContentLine | undefined;
  while (position < source.length) {
    const newline = source.indexOf('\n', position);
    const next = newline === -1 ? source.length : newline + 1;
    const textEnd =
      newline === -1 ? source.length : newline > position && source[newline - 1] === '\r' ? newline - 1 : newline;
    const first = source[position];
    if (current !== undefined && (first === ' ' || first === '\t')) {
      current.text += source.slice(position + 1, textEnd);
      current.end = next;
    } else {
      if (current !== undefined && current.text !== '') yield current;
      current = { text: source.slice(position, textEnd), start: position, end: next };
    }
    position = next;
  }
  if (current !== undefined && current.text.trim() !== '') yield current;
}
