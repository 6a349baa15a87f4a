import type { Category, RecordData } from '@nimbus/protocol';

/** One record as the folder holds it. */
export interface LocalItem {
  id: string;
  /**
   * The record's text in the folder, in the form this format writes it; its hash, kept in the
   * state at each sync, tells whether it was changed since.
   */
  text: string;
  /** The record's content as pushed to the server. */
  data: unknown;
  /** A short description for people: a name, a title, a summary. */
  label: string;
  /** The vCard or iCalendar UID that names the record inside its text. */
  uid?: string;
  /** Kept in the state with the hash (notes: the updatedAt last synced). */
  stamp?: string;
}

/** What the state remembers of a record at its last sync, as far as reading the folder needs. */
export interface KnownRecord {
  hash: string;
  uid?: string;
  stamp?: string;
}

/** The folder's content cannot be read safely: nothing of the category is synced until it is fixed. */
export class FolderFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderFormatError';
  }
}

/**
 * How one category lives in the folder. An instance serves one sync: what `read` saw (a header,
 * the files it read) shapes what `write` writes.
 */
export interface FolderFormat<Item extends LocalItem = LocalItem> {
  readonly category: Category;
  /** The file or folder, relative to the sync folder, for messages. */
  readonly where: string;
  /** The file that holds a record, relative to the sync folder. */
  locate(id: string): string;
  /** The category's records in the folder; null when its file or folder does not exist. */
  read(known: ReadonlyMap<string, KnownRecord>): Promise<Item[] | null>;
  /** A server record as it will be written. */
  fromServer(id: string, data: RecordData): Item;
  /** Writes exactly these records, in this order, touching only what changed. */
  write(items: Item[]): Promise<void>;
  /** True when two items say the same, whatever their form: then two sides do not conflict. */
  sameContent(a: Item, b: Item): boolean;
  /** The file name extension and text of a conflict copy. */
  conflictCopy(item: Item): { extension: string; text: string };
}
