import { Readable } from 'node:stream';
import { MAX_PUSH_ITEMS, type ImportResult, type RecordData } from '@nimbus/protocol';
import { AppError } from '../../core/http/errors.js';
import { newId } from '../../core/ids.js';
import type { Caller } from '../accounts/index.js';
import { InvalidItem, prepareData } from './payloads/index.js';
import { splitVcards } from './payloads/vcard.js';
import type { SyncRepo } from './sync.repo.js';
import type { PreparedItem, SyncEngine } from './sync.service.js';

const EXPORT_PAGE = 500;

/** Contacts in and out as .vcf files: what people move between phones and address books. */
export class ContactFiles {
  constructor(private readonly deps: { repo: SyncRepo; engine: SyncEngine }) {}

  /** Each card becomes a new contact; cards that do not parse are listed, the others kept. */
  async importVcf(caller: Caller, text: string): Promise<ImportResult> {
    let cards: string[];
    try {
      cards = splitVcards(text);
    } catch (error) {
      if (error instanceof InvalidItem) throw new AppError('unprocessable', error.message, { code: error.code });
      throw error;
    }
    const rejected: ImportResult['rejected'] = [];
    const items: PreparedItem[] = [];
    cards.forEach((vcard, index) => {
      try {
        items.push({ id: newId(), op: 'upsert', baseVersion: null, prepared: prepareData('contacts', { vcard }) });
      } catch (error) {
        if (!(error instanceof InvalidItem)) throw error;
        rejected.push({ index, code: error.code, message: error.message });
      }
    });
    let imported = 0;
    for (let start = 0; start < items.length; start += MAX_PUSH_ITEMS) {
      const results = await this.deps.engine.apply(
        caller.accountId,
        'contacts',
        null,
        items.slice(start, start + MAX_PUSH_ITEMS),
      );
      imported += results.filter((result) => result.status === 'applied').length;
    }
    return { imported, rejected };
  }

  /** Every live contact, by name, streamed page by page. */
  exportVcf(caller: Caller): Readable {
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
