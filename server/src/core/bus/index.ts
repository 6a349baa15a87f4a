import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from './bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

export type { Bus } from './bus.js';
export { MemoryBus } from './memory-bus.js';
export { RedisBus } from './redis-bus.js';

/** Redis when a URL is given, otherwise the in-process bus. */
export async function openBus(redisUrl: string | null, log: FastifyBaseLogger): Promise<Bus> {
  return redisUrl === null ? new MemoryBus() : new RedisBus(redisUrl, log).connect();
}
