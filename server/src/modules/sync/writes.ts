import type { Category } from '@nimbus/protocol';
import type { AppError } from '../../core/errors.js';
import type { InvalidItem, PreparedData } from './payloads/index.js';
import type { RecordRow } from './sync.repo.js';

/**
 * Who changes an account's records. Every device but the writer is told to sync; a device's writes
 * leave receipts, so a push it repeats after a lost answer changes nothing. The server writes on
 * its own when a command's outcome changes a record (a sent message).
 */
export type Writer =
  | { kind: 'device'; accountId: string; deviceId: string }
  | { kind: 'portal'; accountId: string }
  | { kind: 'server'; accountId: string };

/** What a write expects of the record as it is now; a write whose expectation fails changes nothing. */
export type Precondition =
  /** Based on this version: a record changed since is a conflict, answered with what it is now. */
  | { kind: 'version'; version: number }
  /**
   * A new record. One that exists, as a tombstone too, is a conflict (unless it holds the same
   * content): the writer has to learn of it before replacing it.
   */
  | { kind: 'absent' }
  /** The record is live with this etag (an HTTP If-Match). */
  | { kind: 'etag'; etag: string }
  | { kind: 'none' };

/** One change to apply: checked and parsed before the transaction, so the transaction stays short. */
export type WriteItem =
  | { id: string; op: 'upsert'; precondition: Precondition; prepared: PreparedData }
  | { id: string; op: 'delete'; precondition: Precondition }
  | { id: string; invalid: InvalidItem };

/** What came of one item. */
export type Outcome =
  | { id: string; kind: 'created' | 'updated' | 'deleted' | 'unchanged'; version: number; etag: string }
  /** A version or "absent" precondition failed: the writer merges with `current` and tries again. */
  | { id: string; kind: 'conflict'; current: RecordRow }
  /** An etag precondition failed; `current` is absent when there is no such record. */
  | { id: string; kind: 'precondition_failed'; current: RecordRow | undefined }
  | { id: string; kind: 'not_found' }
  | { id: string; kind: 'wrong_category'; category: Category; belongsTo: Category }
  | { id: string; kind: 'invalid'; code: string; message: string }
  /**
   * The item would add bytes the account's quota has no room for (a new record, or one that grows):
   * nothing applied. `error` is the 507 an upload over quota gets, with the same details.
   */
  | { id: string; kind: 'over_quota'; error: AppError };

export type Applied = Extract<Outcome, { version: number }>;
export type Refusal = Extract<Outcome, { kind: 'not_found' | 'wrong_category' | 'invalid' | 'over_quota' }>;

/** Whether the record is now as the item wanted it (also when it was so already). */
export function isApplied(outcome: Outcome | undefined): outcome is Applied {
  return outcome !== undefined && 'version' in outcome;
}

/** Whether the item took a new version: the account's devices have something to sync. */
export function changedBy(outcome: Outcome): boolean {
  return outcome.kind === 'created' || outcome.kind === 'updated' || outcome.kind === 'deleted';
}

/** Why an item was refused, in the words every presenter uses. */
export function refusalOf(outcome: Refusal): { code: string; message: string } {
  switch (outcome.kind) {
    case 'not_found':
      return { code: 'not_found', message: `There is no record ${outcome.id}.` };
    case 'wrong_category':
      return {
        code: 'wrong_category',
        message: `Record ${outcome.id} belongs to ${outcome.belongsTo}, not ${outcome.category}.`,
      };
    case 'invalid':
      return { code: outcome.code, message: outcome.message };
    case 'over_quota':
      return { code: outcome.error.code, message: outcome.error.message };
  }
}
