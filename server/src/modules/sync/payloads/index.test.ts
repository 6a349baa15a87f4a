import { describe, expect, it } from 'vitest';
import { KEY_CHARS, KEY_CURSOR_BYTES, SEARCH_TEXT } from './columns.js';
import { prepareData } from './index.js';

const contact = (name: string) => ({ vcard: `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nEND:VCARD\r\n` });
/** What a page cursor carries before base64url: the key and the longest record id. */
const cursorBytes = (key: string) => Buffer.byteLength(JSON.stringify([key, 'x'.repeat(128)]));

describe('the columns derived from a record', () => {
  it('keep sort and group keys short enough for an index row and a 600-character page cursor', () => {
    const latin = prepareData('contacts', contact(`Anna ${'N'.repeat(500)}`));
    expect(latin.sortKey).toBe(`anna ${'n'.repeat(KEY_CHARS - 5)}`);
    expect(latin.projection).toMatchObject({ fullName: `Anna ${'N'.repeat(500)}` });
    for (const name of ['陈'.repeat(300), '😀'.repeat(300), '"\\'.repeat(300), '\u0001'.repeat(300)]) {
      const { sortKey } = prepareData('contacts', contact(name));
      expect(sortKey.length).toBeGreaterThan(0);
      // Its JSON text, quotes aside.
      expect(Buffer.byteLength(JSON.stringify(sortKey)) - 2).toBeLessThanOrEqual(KEY_CURSOR_BYTES);
      expect(Buffer.from(JSON.stringify([sortKey, 'x'.repeat(128)])).toString('base64url').length).toBeLessThan(600);
      expect(cursorBytes(sortKey)).toBeLessThan(450);
      // Never half of a surrogate pair.
      expect(sortKey.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')).not.toMatch(/[\uD800-\uDFFF]/);
    }
    const note = prepareData('notes', {
      title: 'x',
      body: '',
      folder: 'F'.repeat(200),
      updatedAt: '2026-11-22T09:00:00Z',
    });
    expect(note.groupKey).toHaveLength(KEY_CHARS);
  });

  it('hold no NUL, which PostgreSQL refuses in text, while the record keeps it', () => {
    const message = prepareData('messages', {
      address: 'Bank\u0000',
      body: 'code\u0000 1234',
      time: '2026-11-22T09:00:00Z',
      direction: 'in',
      status: 'received',
    });
    expect(message.search).toBe('bank code 1234');
    expect(message.groupKey).toBe('bank');
    expect(message.data).toMatchObject({ address: 'Bank\u0000', body: 'code\u0000 1234' });
    expect(message.json).toContain('\\u0000');
    const person = prepareData('contacts', contact('Anna\u0000 Berg'));
    expect(person.sortKey).toBe('anna berg');
    expect(person.search).toBe('anna berg');
    expect(prepareData('notes', { title: 'lone \ud800', body: '', updatedAt: '2026-11-22T09:00:00Z' }).search).toBe(
      'lone \ufffd',
    );
  });

  it('keep the search text within its limit, even when lower case is longer', () => {
    const note = prepareData('notes', { title: '', body: 'İ'.repeat(SEARCH_TEXT), updatedAt: '2026-11-22T09:00:00Z' });
    expect(note.search.length).toBeLessThanOrEqual(SEARCH_TEXT);
    expect(note.search.startsWith('i̇')).toBe(true);
  });
});
