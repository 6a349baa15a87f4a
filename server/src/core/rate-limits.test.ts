import { afterAll, describe, expect, it } from 'vitest';
import { requireSuite, suiteValue } from '../test/index.js';
import { AppError } from './errors.js';
import { renderError } from './http/render-error.js';
import { RateLimits } from './rate-limits.js';

const stores: [string, () => Promise<RateLimits>][] = [['memory', () => RateLimits.open(null)]];
if (requireSuite('redis')) {
  const prefix = `nimbus-test:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  stores.push(['redis', () => RateLimits.open(suiteValue('redis'), prefix)]);
}

describe.each(stores)('rate limits in %s', (_name, open) => {
  const opened: RateLimits[] = [];
  const limits = async () => {
    const created = await open();
    opened.push(created);
    return created;
  };
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  it('allows the limit, then refuses with 429 and Retry-After, per key', async () => {
    const store = await limits();
    const limit = { points: 3, seconds: 60 };
    for (let i = 0; i < 3; i++) await store.consume('test', limit, 'ip-1');
    const refusal = await store.consume('test', limit, 'ip-1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number(renderError(refusal, { requestId: 'test' }).headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(store.consume('test', limit, 'ip-2')).resolves.toBeUndefined();
  });

  it('starts over after a reset', async () => {
    const store = await limits();
    const limit = { points: 1, seconds: 60 };
    await store.consume('reset', limit, 'anna');
    await expect(store.consume('reset', limit, 'anna')).rejects.toMatchObject({ code: 'rate_limited' });
    await store.reset('reset', limit, 'anna');
    await expect(store.consume('reset', limit, 'anna')).resolves.toBeUndefined();
  });

  it('peeks without counting, and adds without ever refusing', async () => {
    const store = await limits();
    const limit = { points: 2, seconds: 60 };
    expect(await store.peek('peek', limit, 'boris')).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect(await store.add('peek', limit, 'boris')).toBe(1);
    expect(await store.add('peek', limit, 'boris')).toBe(2);
    expect(await store.add('peek', limit, 'boris')).toBe(3);
    const seen = await store.peek('peek', limit, 'boris');
    expect(seen.count).toBe(3);
    expect(seen.retryAfterSeconds).toBeGreaterThan(0);
    expect(seen.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await store.peek('peek', limit, 'boris')).count).toBe(3);
    await expect(store.consume('peek', limit, 'boris')).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

describe.runIf(stores.length > 1)('rate limits across processes', () => {
  it('counts the events of every node together', async () => {
    const [, open] = stores[1] ?? [];
    if (open === undefined) throw new Error('no redis store');
    const nodeA = await open();
    const nodeB = await open();
    try {
      const limit = { points: 2, seconds: 60 };
      await nodeA.consume('shared', limit, 'ip-9');
      await nodeB.consume('shared', limit, 'ip-9');
      await expect(nodeA.consume('shared', limit, 'ip-9')).rejects.toMatchObject({ code: 'rate_limited' });
    } finally {
      await Promise.all([nodeA.close(), nodeB.close()]);
    }
  });
});
