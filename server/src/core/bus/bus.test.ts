import { afterAll, describe, expect, it } from 'vitest';
import { requireSuite, suiteValue, testLog } from '../../test/index.js';
import type { Bus } from './bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

interface Flavour {
  name: string;
  open(): Promise<Bus>;
}

const prefix = `nimbus-test:${process.pid}:${Math.random().toString(36).slice(2)}:`;
const flavours: Flavour[] = [{ name: 'memory', open: () => Promise.resolve(new MemoryBus()) }];
if (requireSuite('redis')) {
  flavours.push({ name: 'redis', open: () => new RedisBus(suiteValue('redis'), testLog, prefix).connect() });
}

/** Subscribes, and once the subscription is active, returns the promise of the next message. */
async function nextMessage(bus: Bus, channel: string): Promise<{ message: Promise<unknown> }> {
  let resolveMessage: (message: unknown) => void = () => undefined;
  const message = new Promise<unknown>((resolve) => (resolveMessage = resolve));
  await bus.subscribe(channel, (received) => resolveMessage(received));
  return { message };
}

describe.each(flavours)('the $name bus', (flavour) => {
  const opened: Bus[] = [];
  const open = async () => {
    const bus = await flavour.open();
    opened.push(bus);
    return bus;
  };
  afterAll(async () => {
    await Promise.all(opened.map((bus) => bus.close()));
  });

  it('delivers a published message to every subscriber of the channel, and only them', async () => {
    const bus = await open();
    const received: unknown[] = [];
    const other: unknown[] = [];
    await bus.subscribe('devices', (message) => received.push(message));
    await bus.subscribe('devices', (message) => received.push(message));
    await bus.subscribe('elsewhere', (message) => other.push(message));
    const delivered = await nextMessage(bus, 'devices');
    await bus.publish('devices', { hint: 'sync', category: 'contacts' });
    expect(await delivered.message).toEqual({ hint: 'sync', category: 'contacts' });
    await bus.ping();
    expect(received).toEqual([
      { hint: 'sync', category: 'contacts' },
      { hint: 'sync', category: 'contacts' },
    ]);
    expect(other).toEqual([]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = await open();
    const received: unknown[] = [];
    const unsubscribe = await bus.subscribe('once', (message) => received.push(message));
    await bus.publish('once', 1);
    await waitUntil(() => received.length === 1);
    await unsubscribe();
    const sentinel = await nextMessage(bus, 'once');
    await bus.publish('once', 2);
    await sentinel.message;
    expect(received).toEqual([1]);
  });
});

describe.runIf(flavours.length > 1)('the redis bus across processes', () => {
  it('carries a message from one connection to another, as between two Nimbus nodes', async () => {
    const nodeA = await new RedisBus(suiteValue('redis'), testLog, prefix).connect();
    const nodeB = await new RedisBus(suiteValue('redis'), testLog, prefix).connect();
    try {
      const arrived = await nextMessage(nodeB, 'cross-node');
      await nodeA.publish('cross-node', { from: 'A' });
      expect(await arrived.message).toEqual({ from: 'A' });
    } finally {
      await Promise.all([nodeA.close(), nodeB.close()]);
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error('condition not met');
}
