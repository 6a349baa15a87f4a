import type { TFunction } from 'i18next';

interface NoteLike {
  title: string;
  body: string;
}

/** The first line of the body with words, for a note saved without a title. */
const firstLine = (body: string) =>
  body
    .split('\n')
    .map((line) => line.replace(/^[#>*\-\s]+/, '').trim())
    .find((line) => line !== '') ?? '';

/** What a list calls a note: its title, else its first line, else "Untitled note". */
export function noteTitle(t: TFunction, note: NoteLike): string {
  return note.title.trim() || firstLine(note.body) || t('notes.untitled');
}

/** A line or two of the body for the list, without the line already shown as the title. */
export function noteExcerpt(note: NoteLike, length = 140): string {
  const lines = note.body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const rest = note.title.trim() === '' ? lines.slice(1) : lines;
  const text = rest.join(' ');
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
