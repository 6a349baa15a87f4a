/** Why a file or folder name is refused, as the server's MediaNameSchema would say; null when it is fine. */
export type NameProblem = 'empty' | 'tooLong' | 'slash' | 'dots' | 'control';

const MAX_NAME_LENGTH = 255;

/** Checks a name before it is sent, so the field says what is wrong at once (the server checks again). */
export function nameProblem(raw: string): NameProblem | null {
  const name = raw.trim();
  if (name === '') return 'empty';
  if (name.length > MAX_NAME_LENGTH) return 'tooLong';
  if (name.includes('/') || name.includes('\\')) return 'slash';
  if (name === '.' || name === '..') return 'dots';
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return 'control';
  }
  return null;
}

/**
 * The part of a file name to select when renaming it: the name without its extension, so typing
 * replaces "report" and keeps ".pdf" ("archive.tar.gz" keeps ".gz"; ".bashrc" is all name).
 */
export function baseNameLength(name: string): number {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name.length : dot;
}
