import type { MediaItem } from '@nimbus/protocol';

/** A title from a file name: its extension dropped ("Lecture 3.m4a" → "Lecture 3"); the name itself otherwise. */
export function titleFromFileName(name: string): string {
  const dot = name.lastIndexOf('.');
  const title = (dot <= 0 ? name : name.slice(0, dot)).trim();
  return title === '' ? name : title.slice(0, 200);
}

/** What a recording is called in the list: its title, or null when it has none worth showing. */
export function recordingTitle(item: Pick<MediaItem, 'title'>): string | null {
  const title = item.title?.trim() ?? '';
  return title === '' ? null : title;
}

/** Whole seconds of a length in milliseconds, never less than one for a recording that has any length. */
export function durationSeconds(durationMs: number | null): number | null {
  if (durationMs === null || durationMs <= 0) return null;
  return Math.max(1, Math.round(durationMs / 1000));
}
