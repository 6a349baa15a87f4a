import type { OutboxChannel } from '@nimbus/protocol';

export interface OutboxTable {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  created_at: number;
}
