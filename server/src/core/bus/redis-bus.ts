import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from './bus.js';

/**
 * The bus across processes, over Redis pub/sub. One connection publishes; a second one, in
 * subscriber mode as Redis requires, listens. Channels are prefixed so several Nimbus
 * installations (or test runs) can share one Redis.
 */
export class RedisBus implements Bus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

  constructor(
    url: string,
    private readonly log: FastifyBaseLogger,
    private readonly prefix = 'nimbus:',
  ) {
    const options = { maxRetriesPerRequest: 3, lazyConnect: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    this.publisher.on('error', (error) => this.log.warn({ err: error }, 'redis publisher error'));
    this.subscriber.on('error', (error) => this.log.warn({ err: error }, 'redis subscriber error'));
    this.subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
  }

  async connect(): Promise<this> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    return this;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(message ?? null));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    let set = this.handlers.get(key);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(key, set);
      await this.subscriber.subscribe(key);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(key);
      current?.delete(handler);
      if (current?.size === 0) {
        this.handlers.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  private dispatch(channel: string, raw: string): void {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      this.log.warn({ channel }, 'ignored a bus message that is not JSON');
      return;
    }
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.log.error({ err: error, channel }, 'bus handler failed');
      }
    }
  }
}
