/** How long the search text of a record may be. */
export const SEARCH_TEXT = 4000;
/** How long a sort or group key may be, in characters… */
export const KEY_CHARS = 200;
/**
 * …and in bytes once written into a page cursor (JSON, then UTF-8): a cursor carries a key and an id
 * of up to 128 characters, base64url-encoded, and the API takes cursors of at most 600 characters.
 */
export const KEY_CURSOR_BYTES = 300;

// A surrogate without its other half: PostgreSQL and SQLite store it as U+FFFD, so a key holding one
// would no longer equal itself when it comes back in a cursor.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit for a derived column: no NUL (PostgreSQL refuses it in text), no lone surrogate. */
export function columnText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** The UTF-8 bytes a character takes inside a JSON string. */
function cursorBytes(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return 6;
  if (char === '"' || char === '\\') return 2;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}

/**
 * The start of `text`: at most `maxChars` UTF-16 units and `maxBytes` bytes once in a page cursor,
 * never cut inside a surrogate pair.
 */
export function clip(text: string, maxChars: number, maxBytes = Infinity): string {
  if (text.length <= maxChars && maxBytes === Infinity) return text;
  let chars = 0;
  let bytes = 0;
  for (const char of text) {
    bytes += cursorBytes(char);
    if (chars + char.length > maxChars || bytes > maxBytes) return text.slice(0, chars);
    chars += char.length;
  }
  return text;
}

/** A sort or group key: clean, and short enough for a btree index and for a page cursor. */
export function keyText(text: string): string {
  return clip(columnText(text), KEY_CHARS, KEY_CURSOR_BYTES);
}
