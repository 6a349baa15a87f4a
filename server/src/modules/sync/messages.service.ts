import { MAX_PUSH_ITEMS, type RecordData, type SendMessageRequest, type SyncRecord } from '@nimbus/protocol';
import { DAY, type Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import { transact } from '../../core/db/transact.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { AppError, forbidden } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Principal } from '../../core/auth/index.js';
import type { CommandOutcome, CommandRow, CommandsService, DevicesService } from '../devices/index.js';
import type { RecordsService } from './records.service.js';
import type { SyncRepo } from './sync.repo.js';
import type { SyncEngine } from './sync.service.js';
import { isApplied, type Writer } from './writes.js';

/** A phone that has not picked a message up in a day will not send it in time to matter. */
const SEND_TTL_MS = DAY;

/** Each one costs the owner an SMS on their phone's plan. */
export const SEND_LIMIT: Limit = { points: 60, seconds: 3600 };

export interface MessagesDeps {
  /** Where a message and the command that sends it commit together. */
  db: Db;
  limits: RateLimits;
  repo: SyncRepo;
  engine: SyncEngine;
  records: RecordsService;
  devices: DevicesService;
  commands: CommandsService;
  clock: Clock;
}

/**
 * "New message" in the portal: the message is stored as queued and a send_sms command goes to the
 * chosen phone in the same transaction; the phone's report turns it sent or failed.
 */
export class MessagesService {
  constructor(private readonly deps: MessagesDeps) {
    deps.commands.onOutcome('send_sms', (command, outcome) => this.recordOutcome(command, outcome));
  }

  async send(caller: Principal, request: SendMessageRequest): Promise<SyncRecord> {
    // Making a phone send an SMS is its owner's act in the portal, not another device's.
    if (caller.via !== 'web') throw forbidden('Messages are sent from the portal.');
    const { devices, records, engine, commands, clock } = this.deps;
    const device = await devices.get(caller, request.deviceId);
    await this.deps.limits.consume('messages:send', SEND_LIMIT, caller.accountId);
    if (!device.sync.messages) {
      throw new AppError(
        'category_disabled',
        `Messages do not sync with ${device.name}, so it cannot send one. Switch messages on for it first.`,
        { category: 'messages' },
      );
    }
    const id = newId();
    const data: RecordData<'messages'> = {
      address: request.address,
      body: request.body,
      time: new Date(clock.now()).toISOString(),
      direction: 'out',
      read: true,
      status: 'queued',
      error: null,
    };
    const prepared = records.prepare('messages', data);
    const writer = await engine.writerFor(caller, 'messages');
    // The message is stored if and only if its phone is told to send it.
    const outcomes = await transact(this.deps.db, async (trx) => {
      const stored = await engine.applyIn(trx, writer, 'messages', [
        { id, op: 'upsert', precondition: { kind: 'absent' }, prepared },
      ]);
      const [outcome] = stored;
      if (outcome?.kind === 'over_quota') throw outcome.error;
      if (!stored.every(isApplied)) throw new AppError('internal', 'The message was not stored.');
      await commands.enqueue(trx, {
        accountId: caller.accountId,
        deviceId: device.id,
        kind: 'send_sms',
        payload: { messageId: id, address: request.address, body: request.body },
        ttlMs: SEND_TTL_MS,
      });
      return stored;
    });
    engine.announce(writer, 'messages', outcomes);
    commands.announce(caller.accountId, device.id);
    return records.get(caller, 'messages', id);
  }

  /**
   * Marks a thread's messages read, as opening it on the phone would; the phones learn it by sync.
   * A message someone changed meanwhile is left to them.
   */
  async markThreadRead(caller: Principal, key: string): Promise<number> {
    const { repo, records, engine } = this.deps;
    const writer = await engine.writerFor(caller, 'messages');
    const unread = await repo.unreadOfThread(caller.accountId, key);
    let updated = 0;
    for (let start = 0; start < unread.length; start += MAX_PUSH_ITEMS) {
      const items = unread.slice(start, start + MAX_PUSH_ITEMS).flatMap((row) => {
        if (row.data === null) return [];
        const data = { ...(JSON.parse(row.data) as RecordData<'messages'>), read: true };
        return [
          {
            id: row.id,
            op: 'upsert' as const,
            precondition: { kind: 'version' as const, version: row.version },
            prepared: records.prepare('messages', data),
          },
        ];
      });
      const outcomes = await engine.apply(writer, 'messages', items);
      updated += outcomes.filter(isApplied).length;
    }
    return updated;
  }

  /**
   * The phone's report (or the command's expiry) becomes the message's status. A message changed
   * in between (marked read, say) is read again and the status applied to what it is now.
   */
  private async recordOutcome(command: CommandRow, outcome: CommandOutcome): Promise<void> {
    const { messageId } = JSON.parse(command.payload) as { messageId: string };
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.deps.repo.find(command.account_id, messageId);
      if (row?.category !== 'messages' || row.deleted !== 0 || row.data === null) return;
      const current = JSON.parse(row.data) as RecordData<'messages'>;
      // The phone may have pushed a later status (delivered) itself: never step back.
      if (current.status !== 'queued' && current.status !== 'sending') return;
      const next: RecordData<'messages'> =
        outcome.status === 'done'
          ? { ...current, status: 'sent', error: null }
          : {
              ...current,
              status: 'failed',
              error:
                outcome.error ??
                (outcome.status === 'expired' ? 'The phone did not pick the message up in time.' : null),
            };
      const prepared = this.deps.records.prepare('messages', next);
      const writer: Writer = { kind: 'server', accountId: command.account_id };
      const [written] = await this.deps.engine.apply(writer, 'messages', [
        { id: messageId, op: 'upsert', precondition: { kind: 'version', version: row.version }, prepared },
      ]);
      if (written?.kind !== 'conflict') return;
    }
  }
}
