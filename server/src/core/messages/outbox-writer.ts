import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Clock } from '../time.js';
import type { NewOutboxMessage, OutboxRepo } from './outbox.repo.js';

export interface OutboxWriterDeps {
  outbox: OutboxRepo;
  clock: Clock;
  log: FastifyBaseLogger;
  mode: Config['mode'];
}

const WHAT = {
  mail: { name: 'mail', missing: 'no SMTP server configured' },
  sms: { name: 'SMS', missing: 'no SMS webhook configured' },
};

/**
 * Stores a message in the outbox and logs it once (a retried job finds its row already there).
 * In local mode the log carries the whole text, because an operator without a provider reads
 * activation links there; in production only metadata: log lines travel to collectors and
 * archives, where a body's links and codes would be usable.
 */
export async function writeToOutbox(
  deps: OutboxWriterDeps,
  message: Omit<NewOutboxMessage, 'createdAt'>,
  metadata: Record<string, unknown>,
): Promise<void> {
  const stored = await deps.outbox.insert({ ...message, createdAt: deps.clock.now() });
  if (!stored) return;
  const { name, missing } = WHAT[message.channel];
  const fields = { outboxId: message.id, to: message.recipient, ...metadata };
  if (deps.mode === 'local') {
    deps.log.info({ ...fields, text: message.text }, `${name} written to the outbox (${missing})`);
  } else {
    deps.log.info(fields, `${name} written to the outbox (${missing}; content not logged in production)`);
  }
}
