import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_CARDS,
  MAX_ITEM_TEXT,
  MAX_PUSH_ITEMS,
  type ImportResult,
  type RecordData,
} from '@nimbus/protocol';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Principal } from '../../core/auth/index.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { InvalidItem, prepareData } from './payloads/index.js';
import { splitVcards } from './payloads/vcard-file.js';
import type { SyncRepo } from './sync.repo.js';
import type { SyncEngine } from './sync.service.js';
import { isApplied, type WriteItem } from './writes.js';

const EXPORT_PAGE = 500;

// The limits live in the protocol: the portal checks the size before uploading and names both in its messages.
export { MAX_IMPORT_BYTES, MAX_IMPORT_CARDS };
/**
 * Parsing cards is CPU work: the server answers other requests between batches of this many cards,
 * or of this much text (a few cards with large photos).
 */
const CARDS_PER_TURN = 200;
const TEXT_PER_TURN = 512 * 1024;

/** The cards of a .vcf file, refusing a file that is not one or holds too many. */
function cardsOf(text: string): string[] {
  let cards: string[];
  try {
    cards = splitVcards(text, MAX_IMPORT_CARDS);
  } catch (error) {
    if (error instanceof InvalidItem) throw new AppError('unprocessable', error.message, { code: error.code });
    throw error;
  }
  if (cards.length > MAX_IMPORT_CARDS) {
    throw new AppError(
      'payload_too_large',
      `A file can hold at most ${MAX_IMPORT_CARDS} contacts; split it and import the parts one by one.`,
      { limitCards: MAX_IMPORT_CARDS },
    );
  }
  return cards;
}

/** Each card checked and parsed, letting other requests through between batches. */
async function prepareCards(cards: string[]): Promise<{ items: WriteItem[]; rejected: ImportResult['rejected'] }> {
  const rejected: ImportResult['rejected'] = [];
  const items: WriteItem[] = [];
  let cardsThisTurn = 0;
  let textThisTurn = 0;
  for (const [index, vcard] of cards.entries()) {
    if (cardsThisTurn >= CARDS_PER_TURN || textThisTurn >= TEXT_PER_TURN) {
      await nextTurn();
      cardsThisTurn = 0;
      textThisTurn = 0;
    }
    if (vcard.length > MAX_ITEM_TEXT) {
      rejected.push({
        index,
        code: 'invalid_data',
        message: `This card is larger than ${MAX_ITEM_TEXT / (1024 * 1024)} MB, its photo included.`,
      });
      continue;
    }
    cardsThisTurn += 1;
    textThisTurn += vcard.length;
    try {
      items.push({
        id: newId(),
        op: 'upsert',
        precondition: { kind: 'absent' },
        prepared: prepareData('contacts', { vcard }),
      });
    } catch (error) {
      if (!(error instanceof InvalidItem)) throw error;
      rejected.push({ index, code: error.code, message: error.message });
    }
  }
  return { items, rejected };
}

/** Moving an address book in is a rare act. */
const IMPORT_LIMIT: Limit = { points: 20, seconds: 3600 };

/** Contacts in and out as .vcf files: what people move between phones and address books. */
export class ContactFiles {
  constructor(private readonly deps: { repo: SyncRepo; engine: SyncEngine; limits: RateLimits }) {}

  /** Each card becomes a new contact; cards that do not parse are listed, the others kept. */
  async importVcf(caller: Principal, text: string): Promise<ImportResult> {
    const writer = await this.deps.engine.writerFor(caller, 'contacts');
    await this.deps.limits.consume('contacts:import', IMPORT_LIMIT, caller.accountId);
    const { items, rejected } = await prepareCards(cardsOf(text));
    let imported = 0;
    for (let start = 0; start < items.length; start += MAX_PUSH_ITEMS) {
      const outcomes = await this.deps.engine.apply(writer, 'contacts', items.slice(start, start + MAX_PUSH_ITEMS));
      imported += outcomes.filter(isApplied).length;
    }
    return { imported, rejected };
  }

  /** Every live contact, by name, streamed page by page. */
  async exportVcf(caller: Principal): Promise<Readable> {
    await this.deps.engine.checkAccess(caller, 'contacts');
    const { repo } = this.deps;
    async function* cards() {
      let after: { sortKey: string; id: string } | undefined;
      for (;;) {
        const rows = await repo.list(caller.accountId, 'contacts', {
          descending: false,
          deleted: false,
          limit: EXPORT_PAGE,
          ...(after === undefined ? {} : { after }),
        });
        for (const row of rows) {
          if (row.data === null) continue;
          const { vcard } = JSON.parse(row.data) as RecordData<'contacts'>;
          yield vcard.endsWith('\n') ? vcard : `${vcard}\r\n`;
        }
        const last = rows.at(-1);
        if (rows.length < EXPORT_PAGE || last === undefined) return;
        after = { sortKey: last.sort_key, id: last.id };
      }
    }
    return Readable.from(cards());
  }
}
