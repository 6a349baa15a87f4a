import type { DeviceCommand, RecordData } from '@nimbus/protocol';
import { ListFile } from '../sync/formats/list-file.js';

export type SendSmsCommand = Extract<DeviceCommand, { kind: 'send_sms' }>;

/** What sending did to messages.json. */
export type SentOutcome = 'appended' | 'marked-sent' | 'already-sent';

/**
 * The reference phone "sends" a text by keeping it in messages.json as sent, under the id the
 * portal gave the message. When the folder holds the message already (a sync brought it in as
 * queued), only its status changes: it keeps the server's time, so it equals what the server makes
 * of it once the phone reports success, and the next sync finds the same content on both sides
 * rather than a conflict. Doing it twice changes nothing: a redelivered command is harmless.
 */
export async function recordSentMessage(dir: string, command: SendSmsCommand, now: Date): Promise<SentOutcome> {
  const file = new ListFile(dir, 'messages');
  const items = (await file.read()) ?? [];
  const { messageId, address, body } = command.payload;
  const index = items.findIndex((item) => item.id === messageId);
  const existing = items[index];
  if (existing !== undefined) {
    const data = existing.data as Record<string, unknown>;
    if (data.status === 'sent' || data.status === 'delivered') return 'already-sent';
    items[index] = file.fromServer(messageId, { ...data, status: 'sent', error: null } as RecordData);
    await file.write(items);
    return 'marked-sent';
  }
  const message: RecordData<'messages'> = {
    address,
    body,
    time: now.toISOString(),
    direction: 'out',
    read: true,
    status: 'sent',
    error: null,
  };
  await file.write([...items, file.fromServer(messageId, message)]);
  return 'appended';
}
