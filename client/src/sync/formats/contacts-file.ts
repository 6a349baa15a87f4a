import path from 'node:path';
import type { RecordData } from '@nimbus/protocol';
import { readTextOrNull, writeIfChanged } from '../atomic-file.js';
import { hashText } from '../ids.js';
import type { FolderFormat, KnownRecord, LocalItem } from './format.js';
import { parseWithIcal, textProperty } from './ical-reading.js';
import { RecordIdentities } from './identity.js';
import { endLine, parseComponents, sameText, withUid, type RawComponent } from './raw-components.js';

/** A vCard UID for a new contact: a URN for vCard 4.0 (its UID is a URI), the bare id for 3.0. */
function uidFor(vcard: string, id: string): string {
  return /^VERSION:4\.0\s*$/im.test(vcard) ? `urn:uuid:${id}` : id;
}

function describe(component: RawComponent): { uid: string | null; label: string } {
  const parsed = parseWithIcal(component.raw);
  return {
    uid: textProperty(component, parsed, 'UID'),
    label: textProperty(component, parsed, 'FN') ?? textProperty(component, parsed, 'ORG') ?? 'a contact',
  };
}

/**
 * contacts.vcf: every contact as one vCard, one after another. Each vCard keeps its bytes exactly
 * as the server has them; only a card without a UID gets one, which is how its record is found
 * again in later syncs.
 */
export class ContactsFile implements FolderFormat {
  readonly category = 'contacts';
  readonly where = 'contacts.vcf';
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, this.where);
  }

  async read(known: ReadonlyMap<string, KnownRecord>): Promise<LocalItem[] | null> {
    const text = await readTextOrNull(this.file);
    if (text === null) return null;
    const identities = new RecordIdentities(known);
    return parseComponents(text)
      .filter((component) => component.name === 'VCARD')
      .map((component) => {
        const { uid, label } = describe(component);
        let vcard = component.raw;
        let id = identities.identify(hashText(vcard), uid);
        let ownUid = uid;
        if (id === null) {
          id = identities.fresh();
          ownUid = uidFor(vcard, id);
          vcard = withUid(vcard, ownUid);
        }
        return { id, text: vcard, data: { vcard }, label, ...(ownUid === null ? {} : { uid: ownUid }) };
      });
  }

  fromServer(id: string, data: RecordData): LocalItem {
    const { vcard } = data as RecordData<'contacts'>;
    const component = parseComponents(vcard)[0];
    const { uid, label } = component === undefined ? { uid: null, label: 'a contact' } : describe(component);
    // A card without a UID could not be told apart from the others in one file: it gets one.
    const text = uid === null ? withUid(vcard, uidFor(vcard, id)) : vcard;
    return { id, text, data: { vcard: text }, label, uid: uid ?? uidFor(vcard, id) };
  }

  async write(items: LocalItem[]): Promise<void> {
    const text = items.map((item) => endLine(item.text)).join('');
    if (items.length === 0 && (await readTextOrNull(this.file)) === null) return;
    await writeIfChanged(this.file, text);
  }

  locate(): string {
    return this.where;
  }

  sameContent(a: LocalItem, b: LocalItem): boolean {
    return sameText(a.text, b.text);
  }

  conflictCopy(item: LocalItem) {
    return { extension: 'vcf', text: item.text };
  }
}
