import { EventEmitter } from 'node:events';
import type { Bus } from './bus.js';

/** The bus of a single process: the embedded default. Messages are cloned as they would be over the wire. */
export class MemoryBus implements Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(channel: string, message: unknown): Promise<void> {
    this.emitter.emit(channel, JSON.parse(JSON.stringify(message ?? null)) as unknown);
    return Promise.resolve();
  }

  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>> {
    this.emitter.on(channel, handler);
    return Promise.resolve(() => {
      this.emitter.off(channel, handler);
      return Promise.resolve();
    });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}
