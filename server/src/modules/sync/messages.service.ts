import { MAX_PUSH_ITEMS, type RecordData, type SendMessageRequest, type SyncRecord } from '@nimbus/protocol';
import type { Clock } from '../../core/time.js';
import type { Limit, RateLimits } from '../../core/rate-limits.js';
import { AppError, forbidden } from '../../core/http/errors.js';
import { newId } from '../../core/ids.js';
import type { Principal } from '../../core/auth/index.js';
import type { CommandOutcome, CommandRow, CommandsService, DevicesService } from '../devices/index.js';
import type { RecordsService } from './records.service.js';
import type { SyncRepo } from './sync.repo.js';
import type { SyncEngine } from './sync.service.js';

/** A phone that has not picked a message up in a day will not send it in time to matter. */
const SEND_TTL_MS = 24 * 3_600_000;

/** Each one costs the owner an SMS on their phone's plan. */
export const SEND_LIMIT: Limit = { points: 60, seconds: 3600 };

export interface MessagesDeps {
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
    const [result] = await engine.apply(
      caller.accountId,
      'messages',
      null,
      [{ id, op: 'upsert', baseVersion: null, prepared }],
      (db) =>
        commands
          .enqueue(db, {
            accountId: caller.accountId,
            deviceId: device.id,
            kind: 'send_sms',
            payload: { messageId: id, address: request.address, body: request.body },
            ttlMs: SEND_TTL_MS,
          })
          .then(() => undefined),
    );
    if (result?.status !== 'applied') throw new AppError('internal', 'The message was not stored.');
    commands.announce(caller.accountId, device.id);
    return records.get(caller, 'messages', id);
  }

  /**
   * Marks a thread's messages read, as opening it on the phone would; the phones learn it by sync.
   * A message someone changed meanwhile is left to them.
   */
  async markThreadRead(caller: Principal, key: string): Promise<number> {
    await this.deps.engine.checkAccess(caller, 'messages');
    const { repo, records, engine } = this.deps;
    const unread = await repo.unreadOfThread(caller.accountId, key);
    let updated = 0;
    for (let start = 0; start < unread.length; start += MAX_PUSH_ITEMS) {
      const items = unread.slice(start, start + MAX_PUSH_ITEMS).flatMap((row) => {
        if (row.data === null) return [];
        const data = { ...(JSON.parse(row.data) as RecordData<'messages'>), read: true };
        return [
          { id: row.id, op: 'upsert' as const, baseVersion: row.version, prepared: records.prepare('messages', data) },
        ];
      });
      const results = await engine.apply(caller.accountId, 'messages', null, items);
      updated += results.filter((result) => result.status === 'applied').length;
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
      const [result] = await this.deps.engine.apply(command.account_id, 'messages', null, [
        { id: messageId, op: 'upsert', baseVersion: row.version, prepared },
      ]);
      if (result?.status !== 'conflict') return;
    }
  }
}
