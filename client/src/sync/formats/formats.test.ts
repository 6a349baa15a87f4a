import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashText } from '../ids.js';
import { CalendarFile } from './calendar-file.js';
import { ContactsFile } from './contacts-file.js';
import { FolderFormatError, type KnownRecord, type LocalItem } from './format.js';
import { ListFile } from './list-file.js';
import { NotesFolder } from './notes-folder.js';
import { parseComponents, withUid } from './raw-components.js';

let root: string;
let folderCount = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-formats-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = path.join(root, `f${++folderCount}`);
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** What the state would remember after a sync that wrote these items. */
const knownOf = (items: LocalItem[]): Map<string, KnownRecord> =>
  new Map(
    items.map((item) => [
      item.id,
      {
        hash: hashText(item.text),
        ...(item.uid === undefined ? {} : { uid: item.uid }),
        ...(item.stamp === undefined ? {} : { stamp: item.stamp }),
      },
    ]),
  );

const odd =
  'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Jürgen Ölund\r\n' +
  'X-MIUI-RINGTONE;X-PARAM=odd:content://media/1\r\nNOTE:Line one\\nLine two that a device folds at seventy-five octets,\r\n  continued\r\n' +
  'END:VCARD\r\n';
const plain = 'BEGIN:VCARD\nVERSION:3.0\nFN:Anna Berg\nTEL:+49 151 1\nEND:VCARD\n';
const atSign = 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:anna@example.org\r\nFN:Anna Mail\r\nEND:VCARD\r\n';

describe('vCard and iCalendar text', () => {
  it('splits components keeping every byte, folded lines and line endings included', () => {
    const text = `${odd}\r\n${plain}junk between cards\n${atSign}`;
    expect(parseComponents(text).map((component) => component.raw)).toEqual([odd, plain, atSign]);
  });

  it('adds a UID after VERSION, or replaces a folded one, in the component’s own line ending', () => {
    expect(withUid(plain, 'x-1')).toBe('BEGIN:VCARD\nVERSION:3.0\nUID:x-1\nFN:Anna Berg\nTEL:+49 151 1\nEND:VCARD\n');
    const folded = 'BEGIN:VEVENT\r\nUID:very-long\r\n -uid\r\nSUMMARY:A\r\nEND:VEVENT\r\n';
    expect(withUid(folded, 'short')).toBe('BEGIN:VEVENT\r\nUID:short\r\nSUMMARY:A\r\nEND:VEVENT\r\n');
  });
});

describe('contacts.vcf', () => {
  it('names each card by its UID, gives a UID to a card without one, and finds them all again after writing', async () => {
    const dir = await folder({ 'contacts.vcf': odd + plain + atSign });
    const items = (await new ContactsFile(dir).read(new Map())) ?? [];
    expect(items.map((item) => item.id)).toEqual([
      '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.stringMatching(/^anna_example.org-[0-9a-f]{12}$/),
    ]);
    expect(items[0]?.text).toBe(odd);
    expect(items[0]?.label).toBe('Jürgen Ölund');
    expect(items[1]?.text).toBe(plain.replace('VERSION:3.0\n', `VERSION:3.0\nUID:${items[1]?.id}\n`));

    const format = new ContactsFile(dir);
    await format.read(new Map());
    await format.write(items);
    expect(await fs.readFile(path.join(dir, 'contacts.vcf'), 'utf8')).toBe(items.map((item) => item.text).join(''));
    const again = (await new ContactsFile(dir).read(knownOf(items))) ?? [];
    expect(again.map((item) => [item.id, item.text])).toEqual(items.map((item) => [item.id, item.text]));
  });

  it('keeps a changed card on its record, and makes a copied card (same UID) a record of its own', async () => {
    const dir = await folder({ 'contacts.vcf': atSign });
    const [first] = (await new ContactsFile(dir).read(new Map())) ?? [];
    if (first === undefined) throw new Error('no card');
    // The server knows this card as "anna-1", whatever its UID says.
    const known = new Map([['anna-1', { hash: hashText(first.text), uid: 'anna@example.org' }]]);
    const edited = atSign.replace('Anna Mail', 'Anna M.');
    await fs.writeFile(path.join(dir, 'contacts.vcf'), edited + edited);
    const items = (await new ContactsFile(dir).read(known)) ?? [];
    expect(items[0]).toMatchObject({ id: 'anna-1', text: edited });
    expect(items[1]?.id).not.toBe('anna-1');
    expect(items[1]?.text).toContain(`UID:${items[1]?.id}\r\n`);
    expect(items[1]?.text).not.toContain('anna@example.org');
  });
});

const zone =
  'BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\n' +
  'TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n';
const weekly =
  'BEGIN:VEVENT\r\nUID:choir@example.org\r\nDTSTAMP:20261120T080000Z\r\nDTSTART;TZID=Europe/Berlin:20261125T190000\r\n' +
  'RRULE:FREQ=WEEKLY\r\nSUMMARY:Choir\r\nX-MIUI-REMINDER:15\r\nEND:VEVENT\r\n';
const moved =
  'BEGIN:VEVENT\r\nUID:choir@example.org\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261202T190000\r\n' +
  'DTSTAMP:20261120T080000Z\r\nDTSTART;TZID=Europe/Berlin:20261203T190000\r\nSUMMARY:Choir (moved)\r\nEND:VEVENT\r\n';
const lunch = 'BEGIN:VEVENT\r\nDTSTAMP:20261120T080000Z\r\nDTSTART:20261126T120000Z\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n';
const header = 'VERSION:2.0\r\nPRODID:-//Phone//EN\r\n';

describe('calendar.ics', () => {
  it('makes one record of an event, its overrides and its time zone; an event without UID gets one', async () => {
    const dir = await folder({
      'calendar.ics': `BEGIN:VCALENDAR\r\n${header}${zone}${weekly}${lunch}${moved}END:VCALENDAR\r\n`,
    });
    const items = (await new CalendarFile(dir).read(new Map())) ?? [];
    expect(items).toHaveLength(2);
    const [choir, other] = items;
    expect(choir).toMatchObject({ uid: 'choir@example.org', label: 'Choir (20261125T190000)' });
    expect(choir?.text).toBe(`BEGIN:VCALENDAR\r\n${header}${zone}${weekly}${moved}END:VCALENDAR\r\n`);
    expect(choir?.data).toEqual({ ics: choir?.text });
    expect(other?.components[0]).toContain(`UID:${other?.id}\r\n`);
    expect(other?.zones.size).toBe(0);
  });

  it('writes server items into one calendar and reads the same records back', async () => {
    const dir = await folder();
    const format = new CalendarFile(dir);
    expect(await format.read(new Map())).toBeNull();
    const server = format.fromServer('choir', {
      ics: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Family\r\n${zone}${weekly}${moved}END:VCALENDAR\r\n`,
    });
    const noUid = format.fromServer('lunch', { ics: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${lunch}END:VCALENDAR\r\n` });
    await format.write([server, noUid]);
    const written = await fs.readFile(path.join(dir, 'calendar.ics'), 'utf8');
    expect(written.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    const known = new Map([
      ['choir', { hash: 'old', uid: 'choir@example.org' }],
      ['lunch', { hash: 'old', uid: 'lunch' }],
    ]);
    const back = (await new CalendarFile(dir).read(known)) ?? [];
    expect(back.map((item) => item.id)).toEqual(['choir', 'lunch']);
    expect(format.sameContent(back[0] as never, server)).toBe(true);
    expect(back[0]?.components).toEqual([weekly, moved]);
  });
});

describe('messages.json and calls.json', () => {
  it('gives new entries an id, keeps their fields, and refuses a file that is not a JSON array', async () => {
    const message = {
      address: '+49 151 1',
      body: 'Hi',
      time: '2026-11-22T09:00:00Z',
      direction: 'in',
      status: 'received',
    };
    const dir = await folder({ 'messages.json': JSON.stringify([message, { id: 'm-1', ...message, body: 'Two' }]) });
    const items = (await new ListFile(dir, 'messages').read()) ?? [];
    expect(items.map((item) => item.id)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), 'm-1']);
    expect(items[0]?.data).toEqual({ ...message, read: true, error: null });
    // The server fills in defaults; that is the same message.
    const server = new ListFile(dir, 'messages').fromServer('m-1', {
      ...message,
      body: 'Two',
      read: true,
      error: null,
    } as never);
    expect(new ListFile(dir, 'messages').sameContent(items[1] as never, server)).toBe(true);

    await fs.writeFile(path.join(dir, 'calls.json'), '{"not": "a list"}');
    await expect(new ListFile(dir, 'calls').read()).rejects.toBeInstanceOf(FolderFormatError);
    await fs.writeFile(path.join(dir, 'calls.json'), '[{"id": "bad id!"}]');
    await expect(new ListFile(dir, 'calls').read()).rejects.toThrow(/entry 1 has an id/);
  });
});

describe('notes/', () => {
  it('reads front matter and keeps the body byte for byte; a plain Markdown file takes its heading as title', async () => {
    const body = '# Shopping\n\n- milk\n- bread\r\n\nno final newline';
    const dir = await folder({
      'notes/n-1.md': `---\ntitle: Shopping\nfolder: Home\npinned: true\nupdatedAt: 2026-11-22T09:00:00Z\n---\n${body}`,
      'notes/My ideas.md': '# Ideas\n\nFly.\n',
      'notes/.hidden.md': 'ignored',
    });
    const items = (await new NotesFolder(dir).read(new Map())) ?? [];
    const byLabel = new Map(items.map((item) => [item.label, item]));
    expect(byLabel.get('Shopping')).toMatchObject({
      id: 'n-1',
      data: { title: 'Shopping', body, folder: 'Home', pinned: true, updatedAt: '2026-11-22T09:00:00Z' },
    });
    expect(byLabel.get('Ideas')?.id).toMatch(/^My_ideas-[0-9a-f]{12}$/);
    expect(byLabel.get('Ideas')).toMatchObject({
      data: { title: 'Ideas', body: '# Ideas\n\nFly.\n', folder: null, pinned: false },
    });

    // Written back: files named by id, with front matter; the odd file name is gone.
    const format = new NotesFolder(dir);
    await format.read(new Map());
    await format.write(items);
    const names = (await fs.readdir(path.join(dir, 'notes'))).sort();
    expect(names).toEqual(['.hidden.md', `${byLabel.get('Ideas')?.id}.md`, 'n-1.md'].sort());
    const again = (await new NotesFolder(dir).read(knownOf(items))) ?? [];
    expect(again.map((item) => item.data)).toEqual(items.map((item) => item.data));
  });

  it('gives a note edited here without touching updatedAt the file’s time as its new updatedAt', async () => {
    const text = '---\ntitle: Plan\nfolder: null\npinned: false\nupdatedAt: 2026-01-01T00:00:00Z\n---\nbefore';
    const dir = await folder({ 'notes/plan.md': text });
    const [item] = (await new NotesFolder(dir).read(new Map())) ?? [];
    if (item === undefined) throw new Error('no note');
    await fs.writeFile(path.join(dir, 'notes/plan.md'), text.replace('before', 'after'));
    const [edited] = (await new NotesFolder(dir).read(knownOf([item]))) ?? [];
    expect(edited?.data).toMatchObject({ body: 'after' });
    expect((edited?.data as { updatedAt: string }).updatedAt).not.toBe('2026-01-01T00:00:00Z');
  });

  it('refuses front matter that is not YAML, naming the file', async () => {
    const dir = await folder({ 'notes/bad.md': '---\ntitle: [unclosed\n---\nbody' });
    await expect(new NotesFolder(dir).read(new Map())).rejects.toThrow(
      /notes\/bad\.md: the front matter is not valid YAML/,
    );
  });
});
