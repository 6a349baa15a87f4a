import ICAL from 'ical.js';

/**
 * The contact form and the vCard behind it. The portal never writes a vCard by hand: it parses
 * the phone's text with ical.js, changes only the properties the form shows (FN, N, ORG, TEL,
 * EMAIL) and serialises it again, so everything else the phone keeps there (X-… properties, PHOTO,
 * groups, parameters) survives the edit.
 */

/** The types the form offers; a phone's other types (fax, pager, x-…) stay as they were. */
export const PHONE_TYPES = ['cell', 'home', 'work', 'main'] as const;
export const EMAIL_TYPES = ['home', 'work'] as const;

export interface FormEntry {
  /** Stable across edits, for React lists and for the field an error belongs to. */
  key: string;
  value: string;
  /** Lower-case TYPE such as "cell", or null for none. */
  type: string | null;
  /** The index among the vCard's TEL (or EMAIL) properties it came from; null for one added here. */
  source: number | null;
}

export interface ContactForm {
  givenName: string;
  familyName: string;
  organization: string;
  phones: FormEntry[];
  emails: FormEntry[];
}

/** Types that say how a value is used, not what it is: left alone and not shown. */
const QUIET_TYPES = ['pref', 'voice', 'internet'];

let nextKey = 0;
export const newEntryKey = () => `entry-${++nextKey}`;

export const emptyEntry = (type: string | null): FormEntry => ({ key: newEntryKey(), value: '', type, source: null });

function parseCard(vcard: string): ICAL.Component {
  const parsed: unknown = ICAL.parse(vcard);
  // A text of several cards parses to an array of components; a contact is one card.
  const jcal = Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed[0] as unknown[]) : parsed;
  return new ICAL.Component(jcal as unknown[]);
}

function typesOf(property: ICAL.Property): string[] {
  const type: unknown = property.getParameter('type');
  const types = Array.isArray(type) ? type : type === undefined || type === null ? [] : [type];
  return types.map((entry) => String(entry));
}

/** The first type that names the use (cell, home, …), lower-case. */
function shownType(property: ICAL.Property): string | null {
  return (
    typesOf(property)
      .find((type) => !QUIET_TYPES.includes(type.toLowerCase()))
      ?.toLowerCase() ?? null
  );
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(',');
  return '';
}

function structured(property: ICAL.Property | null): string[] {
  const value: unknown = property?.getFirstValue();
  if (Array.isArray(value)) return value.map(textOf);
  return typeof value === 'string' ? [value] : [];
}

const phoneText = (value: string) => value.replace(/^tel:/i, '');

function entriesOf(card: ICAL.Component, name: 'tel' | 'email'): FormEntry[] {
  return card.getAllProperties(name).map((property, source) => {
    const value = textOf(property.getFirstValue()).trim();
    return { key: newEntryKey(), value: name === 'tel' ? phoneText(value) : value, type: shownType(property), source };
  });
}

/** The form's fields as the vCard has them. */
export function formFromVcard(vcard: string): ContactForm {
  const card = parseCard(vcard);
  const [familyName = '', givenName = ''] = structured(card.getFirstProperty('n'));
  const hasName = familyName.trim() !== '' || givenName.trim() !== '';
  const organization = structured(card.getFirstProperty('org'))[0]?.trim() ?? '';
  const fn = textOf(card.getFirstPropertyValue('fn')).trim();
  return {
    // A card with only a formatted name (FN) shows it as the first name, unless it is the company's.
    givenName: hasName ? givenName.trim() : fn === organization ? '' : fn,
    familyName: familyName.trim(),
    organization,
    phones: entriesOf(card, 'tel'),
    emails: entriesOf(card, 'email'),
  };
}

export const emptyForm = (): ContactForm => ({
  givenName: '',
  familyName: '',
  organization: '',
  phones: [emptyEntry('cell')],
  emails: [],
});

/** The entries worth keeping: those with a value, trimmed. */
const filled = (entries: FormEntry[]) =>
  entries.map((entry) => ({ ...entry, value: entry.value.trim() })).filter((entry) => entry.value !== '');

/** The name a list shows for the form: given and family name, else the organisation, a number, an address. */
export function displayName(form: ContactForm): string {
  const name = [form.givenName.trim(), form.familyName.trim()].filter((part) => part !== '').join(' ');
  return name || form.organization.trim() || (filled(form.phones)[0]?.value ?? filled(form.emails)[0]?.value ?? '');
}

export type FormProblem = { field: 'name' } | { field: 'phones' | 'emails'; key: string; problem: 'invalid' };

/** A phone number as people write it: digits with +, spaces, dashes, dots, brackets, and dial codes. */
const PHONE = /^\+?[\d\s().\-/*#,;pwPW]*\d[\d\s().\-/*#,;pwPW]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What stops the form from being saved, field by field. */
export function formProblems(form: ContactForm): FormProblem[] {
  const problems: FormProblem[] = [];
  if (displayName(form) === '') problems.push({ field: 'name' });
  for (const phone of filled(form.phones)) {
    if (!PHONE.test(phone.value)) problems.push({ field: 'phones', key: phone.key, problem: 'invalid' });
  }
  for (const email of filled(form.emails)) {
    if (!EMAIL.test(email.value)) problems.push({ field: 'emails', key: email.key, problem: 'invalid' });
  }
  return problems;
}

/** A random UUID for a new card's UID; crypto.randomUUID needs HTTPS, which a home server may lack. */
function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new card: vCard 3.0, which every phone reads. */
function newCard(): ICAL.Component {
  return new ICAL.Component([
    'vcard',
    [
      ['version', {}, 'text', '3.0'],
      ['uid', {}, 'text', uuid()],
    ],
    [],
  ]);
}

const sameEntries = (a: FormEntry[], b: FormEntry[]) =>
  a.length === b.length &&
  a.every((entry, index) => {
    const other = b[index];
    return other?.value === entry.value && other.type === entry.type && other.source === entry.source;
  });

/** Sets the TYPE to `type`, keeping the quiet ones (PREF, VOICE, INTERNET) the property had. */
function setType(property: ICAL.Property, type: string | null, version4: boolean) {
  const kept = typesOf(property).filter((entry) => QUIET_TYPES.includes(entry.toLowerCase()));
  const types = type === null ? kept : [version4 ? type : type.toUpperCase(), ...kept];
  if (types.length === 0) property.removeParameter('type');
  else property.setParameter('type', types);
}

/** The TEL or EMAIL properties the form's entries describe: the card's own ones reused, changed where edited. */
function entryProperties(card: ICAL.Component, name: 'tel' | 'email', entries: FormEntry[]): ICAL.Property[] {
  const version4 = card.getFirstPropertyValue('version') === '4.0';
  const originals = card.getAllProperties(name);
  return entries.map((entry) => {
    const original = entry.source === null ? undefined : originals[entry.source];
    if (original !== undefined) {
      const before = textOf(original.getFirstValue()).trim();
      const shown = name === 'tel' ? phoneText(before) : before;
      if (shown !== entry.value) {
        // A vCard 4.0 number written as a tel: URI stays one; URIs have no spaces, dashes separate.
        const uri = name === 'tel' && /^tel:/i.test(before);
        original.setValue(uri ? `tel:${entry.value.replace(/\s+/g, '-')}` : entry.value);
      }
      if (shownType(original) !== entry.type) setType(original, entry.type, version4);
      return original;
    }
    const property = new ICAL.Property(name, card);
    // vCard 4.0 reads TEL as text unless told otherwise; ical.js assumes a URI, so say text.
    if (name === 'tel' && version4) property.resetType('text');
    property.setValue(entry.value);
    setType(property, entry.type, version4);
    return property;
  });
}

/**
 * Puts `replacement` where the card's `name` properties were (at the first of them), or at the
 * end when it had none; every other property keeps its place.
 */
function replaceProperties(card: ICAL.Component, name: string, replacement: ICAL.Property[]) {
  const all = card.getAllProperties();
  const ordered: ICAL.Property[] = [];
  let placed = false;
  for (const property of all) {
    if (property.name !== name) ordered.push(property);
    else if (!placed) {
      ordered.push(...replacement);
      placed = true;
    }
  }
  if (!placed) ordered.push(...replacement);
  card.removeAllProperties();
  for (const property of ordered) card.addProperty(property);
}

function setText(card: ICAL.Component, name: string, value: string) {
  const existing = card.getFirstProperty(name);
  if (existing === null) card.addPropertyWithValue(name, value);
  else existing.setValue(value);
}

/**
 * The vCard text with the form applied: `original` (the phone's text) changed only where the form
 * differs from it, or a new card when there is none.
 */
export function vcardFromForm(original: string | null, form: ContactForm): string {
  const card = original === null ? newCard() : parseCard(original);
  const before = original === null ? emptyForm() : formFromVcard(original);
  const given = form.givenName.trim();
  const family = form.familyName.trim();
  const organization = form.organization.trim();

  const namesChanged = original === null || given !== before.givenName || family !== before.familyName;
  if (namesChanged || !card.hasProperty('n')) {
    const n = card.getFirstProperty('n');
    // Middle names, prefixes and suffixes the form does not show stay as they were.
    const rest = structured(n).slice(2);
    const value = [family, given, rest[0] ?? '', rest[1] ?? '', rest[2] ?? ''];
    if (n === null) card.addPropertyWithValue('n', value);
    else n.setValue(value);
  }
  if (organization !== before.organization) {
    const org = card.getFirstProperty('org');
    if (organization === '') card.removeAllProperties('org');
    else if (org === null) card.addPropertyWithValue('org', [organization]);
    else org.setValue([organization, ...structured(org).slice(1)]);
  }
  const phones = filled(form.phones);
  if (original === null || !sameEntries(phones, before.phones)) {
    replaceProperties(card, 'tel', entryProperties(card, 'tel', phones));
  }
  const emails = filled(form.emails);
  if (original === null || !sameEntries(emails, before.emails)) {
    replaceProperties(card, 'email', entryProperties(card, 'email', emails));
  }
  // FN follows the form when the name changed, or when the phone's FN was simply the name the
  // form shows; a phone's own formatted name ("Dr. Olga Sidorova") stays otherwise.
  const fn = textOf(card.getFirstPropertyValue('fn')).trim();
  const name = displayName(form);
  if (fn !== name && (namesChanged || fn === '' || fn === displayName(before))) setText(card, 'fn', name);
  return `${card.toString()}\r\n`;
}

/**
 * My form, made on `mine` (the text I started from), moved onto `theirs` (the server's newer
 * text) to save over it: entries still point at the server's properties of the same value, so
 * their parameters survive; the others become new ones.
 */
export function rebaseForm(form: ContactForm, mine: string, theirs: string): ContactForm {
  const before = formFromVcard(mine);
  const now = formFromVcard(theirs);
  const rebase = (entries: FormEntry[], previous: FormEntry[], current: FormEntry[]) => {
    const taken = new Set<number>();
    return entries.map((entry) => {
      const value = entry.source === null ? undefined : previous[entry.source]?.value;
      const match = current.find((candidate) => candidate.value === value && !taken.has(candidate.source ?? -1));
      if (match?.source === undefined || match.source === null) return { ...entry, source: null };
      taken.add(match.source);
      return { ...entry, source: match.source };
    });
  };
  return {
    ...form,
    phones: rebase(form.phones, before.phones, now.phones),
    emails: rebase(form.emails, before.emails, now.emails),
  };
}
