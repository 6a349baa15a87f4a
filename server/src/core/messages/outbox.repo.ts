import type { OutboxChannel, OutboxMessage } from '@nimbus/protocol';
import type { Db } from '../db/database.js';

export interface NewOutboxMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  createdAt: number;
}

export interface OutboxListOptions {
  limit: number;
  channel?: OutboxChannel;
}

/** SQL of outbox_messages: where mail and SMS go when no real delivery is configured. */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Stores the message once: a retried delivery of the same id inserts nothing and returns false. */
  async insert(message: NewOutboxMessage): Promise<boolean> {
    const result = await this.db
      .insertInto('outbox_messages')
      .values({
        id: message.id,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        created_at: message.createdAt,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Newest first; ids are UUIDv7, so they order messages stored in the same millisecond. */
  async list({ limit, channel }: OutboxListOptions): Promise<OutboxMessage[]> {
    let query = this.db
      .selectFrom('outbox_messages')
      .select(['id', 'channel', 'recipient', 'subject', 'text', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (channel !== undefined) query = query.where('channel', '=', channel);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      subject: row.subject,
      text: row.text,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  /** Removes every message to these recipients (a deleted account's addresses); returns how many. */
  async deleteTo(recipients: readonly string[]): Promise<number> {
    if (recipients.length === 0) return 0;
    const result = await this.db.deleteFrom('outbox_messages').where('recipient', 'in', recipients).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
