import path from 'node:path';
import { RECORD_DATA_SCHEMAS, type RecordData } from '@nimbus/protocol';
import { readTextOrNull, writeIfChanged } from '../atomic-file.js';
import { newRecordId, RECORD_ID } from '../ids.js';
import { canonicalJson } from './canonical-json.js';
import { FolderFormatError, type FolderFormat, type LocalItem } from './format.js';

type ListCategory = 'messages' | 'calls';

/** An entry of the file: its id, then the record's fields. */
export interface ListItem extends LocalItem {
  entry: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function labelOf(category: ListCategory, data: Record<string, unknown>): string {
  const field = (name: string) => (typeof data[name] === 'string' ? data[name] : '?');
  if (category === 'calls') return `${field('type')} call, ${field('number')}, ${field('time')}`;
  const body = field('body');
  return `message ${field('direction') === 'out' ? 'to' : 'from'} ${field('address')}: ${body.length > 40 ? `${body.slice(0, 40)}…` : body}`;
}

/**
 * messages.json and calls.json: a JSON array of records, each `{ "id": …, …data }` with the fields
 * of the protocol's MessageData or CallData. An entry without an id is new and gets one; left-out
 * fields with a default get it. The file is written sorted by time, so every device shows the same file.
 */
export class ListFile implements FolderFormat<ListItem> {
  readonly where: string;
  private readonly file: string;

  constructor(
    dir: string,
    readonly category: ListCategory,
  ) {
    this.where = `${category}.json`;
    this.file = path.join(dir, this.where);
  }

  async read(): Promise<ListItem[] | null> {
    const text = await readTextOrNull(this.file);
    if (text === null) return null;
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? [] : JSON.parse(text);
    } catch (error) {
      throw new FolderFormatError(`${this.where} is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new FolderFormatError(`${this.where} must hold a JSON array of records`);
    const seen = new Set<string>();
    return parsed.map((value, index) => {
      if (!isObject(value)) throw new FolderFormatError(`${this.where}: entry ${index + 1} is not an object`);
      const { id: given, ...data } = value;
      if (given !== undefined && (typeof given !== 'string' || !RECORD_ID.test(given))) {
        throw new FolderFormatError(
          `${this.where}: entry ${index + 1} has an id that is not 1–128 letters, digits, ".", "_" or "-"`,
        );
      }
      // A copied entry keeps its twin's id: the copy becomes a record of its own.
      const id = given === undefined || seen.has(given) ? newRecordId() : given;
      seen.add(id);
      // Written back as the server keeps it (defaults filled in); a wrong entry stays as typed, and
      // the server's refusal says what is wrong with it.
      const parsed = RECORD_DATA_SCHEMAS[this.category].safeParse(data);
      return this.item(id, parsed.success ? parsed.data : data);
    });
  }

  fromServer(id: string, data: RecordData): ListItem {
    return this.item(id, data);
  }

  async write(items: ListItem[]): Promise<void> {
    if (items.length === 0 && (await readTextOrNull(this.file)) === null) return;
    const time = (item: ListItem) => (typeof item.entry.time === 'string' ? Date.parse(item.entry.time) : NaN);
    const sorted = [...items].sort((a, b) => {
      const [x, y] = [time(a), time(b)];
      if (x !== y) return Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    await writeIfChanged(
      this.file,
      `${JSON.stringify(
        sorted.map((item) => item.entry),
        null,
        2,
      )}\n`,
    );
  }

  /** The same record once the server's defaults are filled in (read: true, error: null, …). */
  locate(): string {
    return this.where;
  }

  sameContent(a: ListItem, b: ListItem): boolean {
    const normal = (item: ListItem) => {
      const parsed = RECORD_DATA_SCHEMAS[this.category].safeParse(item.data);
      return canonicalJson(parsed.success ? parsed.data : item.data);
    };
    return normal(a) === normal(b);
  }

  conflictCopy(item: ListItem) {
    return { extension: 'json', text: `${JSON.stringify(item.entry, null, 2)}\n` };
  }

  private item(id: string, data: Record<string, unknown>): ListItem {
    const entry = { id, ...data };
    return { id, text: canonicalJson(entry), data, label: labelOf(this.category, data), entry };
  }
}
