import { idFromUid, newRecordId } from '../ids.js';
import type { KnownRecord } from './format.js';

/**
 * Which record each item read from a file is. An unchanged item is known by its hash; a changed one
 * by its UID (the record that had it at the last sync, else the id derived from it); an item with
 * no UID, or with a UID another item took already (a copied contact), is a new record.
 */
export class RecordIdentities {
  private readonly claimed = new Set<string>();
  private readonly byHash = new Map<string, string[]>();
  private readonly byUid = new Map<string, string[]>();

  constructor(known: ReadonlyMap<string, KnownRecord>) {
    for (const [id, record] of known) {
      this.byHash.set(record.hash, [...(this.byHash.get(record.hash) ?? []), id]);
      if (record.uid !== undefined) this.byUid.set(record.uid, [...(this.byUid.get(record.uid) ?? []), id]);
    }
  }

  /** The record an item is, or null when it must become a new record (with a new UID). */
  identify(hash: string | null, uid: string | null): string | null {
    const unchanged = hash === null ? undefined : this.unclaimed(this.byHash.get(hash));
    if (unchanged !== undefined) return this.claim(unchanged);
    if (uid === null) return null;
    const owners = this.byUid.get(uid);
    const known = this.unclaimed(owners);
    if (known !== undefined) return this.claim(known);
    // Every record with this UID is taken: this is a copy, which must become a record of its own.
    if (owners !== undefined) return null;
    const derived = idFromUid(uid);
    return this.claimed.has(derived) ? null : this.claim(derived);
  }

  /** A new id for a new record. */
  fresh(): string {
    return this.claim(newRecordId());
  }

  private unclaimed(ids: string[] | undefined): string | undefined {
    return ids?.find((id) => !this.claimed.has(id));
  }

  private claim(id: string): string {
    this.claimed.add(id);
    return id;
  }
}
