import { createHash, randomUUID } from 'node:crypto';

/** The protocol's record id: letters, digits, ".", "_", "-", starting with a letter or digit, ≤ 128. */
export const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const hashText = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new record id for something created in the folder. */
export const newRecordId = (): string => randomUUID();

/**
 * The record id for a vCard or iCalendar UID. A UID that is a valid id is used as it is ("urn:uuid:"
 * dropped); any other is cleaned and given a hash of the whole UID, so every device derives the
 * same id from the same UID and two UIDs that clean to the same text still differ.
 */
export function idFromUid(uid: string): string {
  const bare = uid.trim().replace(/^urn:uuid:/i, '');
  if (RECORD_ID.test(bare)) return bare;
  const cleaned = bare
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  const hash = hashText(uid).slice(0, 12);
  return cleaned === '' ? hash : `${cleaned}-${hash}`;
}

/** The id for a note's file name: the name itself when it is a valid id, else a cleaned one. */
export function idFromFileName(name: string): string {
  return RECORD_ID.test(name) ? name : idFromUid(name);
}
