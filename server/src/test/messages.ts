import type { FastifyInstance } from 'fastify';

/** Where a test reads what the server sent to someone: the outbox, a real SMTP receiver, an SMS gateway. */
export interface Inbox {
  /**
   * The first message to `to` after the first `skip` ones whose text matches `pattern`; waits for
   * the server to deliver it, at most `timeoutMs`.
   */
  waitFor(to: string, pattern: RegExp, options?: WaitOptions): Promise<RegExpExecArray>;
  /** How many messages to `to` so far have a text matching `pattern`. */
  count(to: string, pattern: RegExp): number | Promise<number>;
}

export interface WaitOptions {
  skip?: number;
  timeoutMs?: number;
}

/** A 6-digit code ending its line: alone on it in a mail, after "code:" in an SMS. */
export const CODE = /^(?:.*[:：] ?)?(\d{6})$/m;
/** An activation link on a line of its own. */
export const ACTIVATION_LINK = /^https?:\/\/\S+\/activate\?token=\S+$/m;

/**
 * Reads the next code sent to `to`: the first one after the codes received so far. Call it before
 * the request that sends the code, once every earlier code has arrived.
 */
export async function nextCode(inbox: Inbox, to: string): Promise<() => Promise<string>> {
  const skip = await inbox.count(to, CODE);
  return async () => {
    const [, code = ''] = await inbox.waitFor(to, CODE, { skip });
    return code;
  };
}

/** The token of the activation link in a message's text. */
export function linkToken(text: string): string {
  const match = /\/activate\?token=([\w%-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no activation link in: ${text}`);
  return decodeURIComponent(match[1]);
}

export function sixDigitCode(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no code in: ${text}`);
  return match[1];
}

/** Delivers queued mail and SMS into the outbox and returns the newest message to `to`. */
export async function lastMessageTo(
  app: FastifyInstance,
  to: string,
): Promise<{ subject: string | null; text: string }> {
  const message = (await outboxMessagesTo(app, to)).at(-1);
  if (message === undefined) throw new Error(`no message to ${to}`);
  return message;
}

/** Every message to `to` in the app's outbox, oldest first, once queued deliveries have run. */
async function outboxMessagesTo(app: FastifyInstance, to: string) {
  while ((await app.nimbus.runner.runDue()) > 0);
  const messages = await app.nimbus.outbox.list({ limit: 200 });
  return messages.filter((message) => message.recipient === to).reverse();
}

/** The app's outbox as an inbox: where mail and SMS land when no SMTP server or gateway is configured. */
export function outboxInbox(app: FastifyInstance): Inbox {
  const matches = async (to: string, pattern: RegExp) =>
    (await outboxMessagesTo(app, to)).map((message) => pattern.exec(message.text)).filter((match) => match !== null);
  return {
    count: async (to, pattern) => (await matches(to, pattern)).length,
    waitFor: (to, pattern, { skip = 0, timeoutMs = 30_000 } = {}) =>
      poll(
        timeoutMs,
        async () => (await matches(to, pattern))[skip],
        () => `no message to ${to} matching ${pattern}`,
      ),
  };
}

/** Messages kept by a receiver this process runs (SMTP, SMS webhook): counted and awaited the same way. */
export abstract class ReceivedMessages<Message extends { text: string }> implements Inbox {
  readonly received: Message[] = [];

  protected abstract isTo(message: Message, to: string): boolean;
  /** What it has received, for the error of a wait that timed out. */
  protected abstract describe(): string;

  private matches(to: string, pattern: RegExp): RegExpExecArray[] {
    return this.received
      .filter((message) => this.isTo(message, to))
      .map((message) => pattern.exec(message.text))
      .filter((match) => match !== null);
  }

  count(to: string, pattern: RegExp): number {
    return this.matches(to, pattern).length;
  }

  waitFor(to: string, pattern: RegExp, { skip = 0, timeoutMs = 30_000 }: WaitOptions = {}): Promise<RegExpExecArray> {
    return poll(
      timeoutMs,
      () => this.matches(to, pattern)[skip],
      () => `nothing to ${to} matching ${pattern} within ${timeoutMs} ms; received:\n${this.describe()}`,
    );
  }

  /** Like nextCode, without waiting to count: the receiver holds what it got. */
  nextCode(to: string): () => Promise<string> {
    const skip = this.count(to, CODE);
    return async () => {
      const [, code = ''] = await this.waitFor(to, CODE, { skip });
      return code;
    };
  }

  /** The newest message to `to`. */
  last(to: string): Message {
    const message = this.received.findLast((item) => this.isTo(item, to));
    if (message === undefined) throw new Error(`nothing to ${to}`);
    return message;
  }
}

async function poll<T>(timeoutMs: number, look: () => T | undefined | Promise<T | undefined>, failure: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
