import fs from 'node:fs/promises';
import path from 'node:path';
import { NoteDataSchema, type RecordData } from '@nimbus/protocol';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { writeIfChanged } from '../atomic-file.js';
import { hashText, idFromFileName } from '../ids.js';
import { canonicalJson } from './canonical-json.js';
import { FolderFormatError, type FolderFormat, type KnownRecord, type LocalItem } from './format.js';

type Note = RecordData<'notes'>;

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** A note as its Markdown file: YAML front matter with the note's fields, then the body as it is. */
export function noteText(note: Note): string {
  const front = stringifyYaml(
    { title: note.title, folder: note.folder, pinned: note.pinned, updatedAt: note.updatedAt },
    { lineWidth: 0 },
  );
  return `---\n${front}---\n${note.body}`;
}

/** The note a file holds; without front matter, the first "# Heading" (else the file name) is its title. */
export function readNote(text: string, fileName: string, modified: Date): Note {
  const match = FRONT_MATTER.exec(text);
  if (match === null) {
    const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
    return { title: heading ?? fileName, body: text, folder: null, pinned: false, updatedAt: modified.toISOString() };
  }
  let front: unknown;
  try {
    front = parseYaml(match[1] ?? '') ?? {};
  } catch (error) {
    throw new FolderFormatError(
      `notes/${fileName}.md: the front matter is not valid YAML (${(error as Error).message})`,
    );
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front)) {
    throw new FolderFormatError(`notes/${fileName}.md: the front matter must be "key: value" lines`);
  }
  const fields = front as Record<string, unknown>;
  const wrong = (field: string, what: string) =>
    new FolderFormatError(`notes/${fileName}.md: "${field}" in the front matter must be ${what}`);
  const { title, folder, pinned, updatedAt } = fields;
  if (title !== undefined && typeof title !== 'string' && typeof title !== 'number') throw wrong('title', 'text');
  if (folder !== undefined && folder !== null && typeof folder !== 'string') throw wrong('folder', 'text or null');
  if (pinned !== undefined && typeof pinned !== 'boolean') throw wrong('pinned', 'true or false');
  if (updatedAt !== undefined && typeof updatedAt !== 'string') throw wrong('updatedAt', 'an ISO 8601 time');
  return {
    title: title === undefined ? fileName : String(title),
    body: text.slice(match[0].length),
    folder: folder ?? null,
    pinned: pinned ?? false,
    updatedAt: updatedAt ?? modified.toISOString(),
  };
}

/**
 * notes/: one Markdown file per note, named `<id>.md`. The front matter carries title, folder,
 * pinned and updatedAt; everything after it is the body, byte for byte. A new file may have no
 * front matter; it gets one (and a valid name) at its first sync. A note edited here without
 * touching updatedAt gets the file's modification time as its new updatedAt.
 */
export class NotesFolder implements FolderFormat {
  readonly category = 'notes';
  readonly where = 'notes/';
  private readonly dir: string;
  private readNames: string[] = [];

  constructor(dir: string) {
    this.dir = path.join(dir, 'notes');
  }

  async read(known: ReadonlyMap<string, KnownRecord>): Promise<LocalItem[] | null> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.readNames = names.filter((name) => name.endsWith('.md') && !name.startsWith('.')).sort();
    const items: LocalItem[] = [];
    for (const name of this.readNames) {
      const file = path.join(this.dir, name);
      const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
      const base = name.slice(0, -'.md'.length);
      const id = idFromFileName(base);
      let note = readNote(text, base, stat.mtime);
      const last = known.get(id);
      if (last?.stamp === note.updatedAt && hashText(noteText(note)) !== last.hash) {
        note = { ...note, updatedAt: stat.mtime.toISOString() };
      }
      items.push(this.item(id, note));
    }
    return items;
  }

  fromServer(id: string, data: RecordData): LocalItem {
    return this.item(id, data as Note);
  }

  async write(items: LocalItem[]): Promise<void> {
    if (items.length === 0 && this.readNames.length === 0) {
      const exists = await fs.stat(this.dir).then(
        () => true,
        () => false,
      );
      if (!exists) return;
    }
    await fs.mkdir(this.dir, { recursive: true });
    const names = new Set<string>();
    for (const item of items) {
      names.add(`${item.id}.md`);
      await writeIfChanged(path.join(this.dir, `${item.id}.md`), item.text);
    }
    // Only files this sync read are removed: one made while it ran is left for the next.
    for (const name of this.readNames) if (!names.has(name)) await fs.rm(path.join(this.dir, name), { force: true });
  }

  locate(id: string): string {
    return `notes/${id}.md`;
  }

  sameContent(a: LocalItem, b: LocalItem): boolean {
    const normal = (item: LocalItem) => {
      const parsed = NoteDataSchema.safeParse(item.data);
      return canonicalJson(parsed.success ? parsed.data : item.data);
    };
    return normal(a) === normal(b);
  }

  conflictCopy(item: LocalItem) {
    return { extension: 'md', text: item.text };
  }

  private item(id: string, note: Note): LocalItem {
    const text = noteText(note);
    return { id, text, data: note, label: note.title === '' ? id : note.title, stamp: note.updatedAt };
  }
}
