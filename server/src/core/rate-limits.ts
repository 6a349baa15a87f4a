import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from './errors.js';

/** A limit: at most `points` events per `seconds`. */
export interface Limit {
  points: number;
  seconds: number;
}

/**
 * Counters that refuse an action past its limit, shared by every Nimbus process when Redis is
 * configured (a limit per IP means nothing if each node counts alone), in memory otherwise.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  private constructor(
    private readonly redis: Redis | null,
    private readonly prefix: string,
  ) {}

  /** Connected to Redis when a URL is given (and ready before it resolves), in memory otherwise. */
  static async open(redisUrl: string | null, prefix = 'nimbus:limit:'): Promise<RateLimits> {
    if (redisUrl === null) return new RateLimits(null, prefix);
    // No offline queue: when Redis is away, a limit check fails at once instead of hanging requests.
    const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    return new RateLimits(redis, prefix);
  }

  /**
   * Counts one event for `key` under the limit named `name`; throws rate_limited (429 with
   * Retry-After) when the limit is used up.
   */
  async consume(name: string, limit: Limit, key: string): Promise<void> {
    // A limit longer than a day is a unit mistake (milliseconds given as seconds), not a policy.
    if (limit.seconds > 86_400) throw new Error(`rate limit ${name}: ${limit.seconds} s is longer than a day`);
    try {
      await this.limiter(name, limit).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }

  /**
   * How many events `key` has under the limit named `name`, and the seconds until they are
   * forgotten, without counting one: for decisions taken before the outcome is known (a captcha
   * once a client has failed, a slowdown once it has failed often).
   */
  async peek(name: string, limit: Limit, key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const res = await this.limiter(name, limit).get(key);
    if (res === null) return { count: 0, retryAfterSeconds: 0 };
    return { count: res.consumedPoints, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  /** Counts one event for `key` without ever refusing; returns the new count. */
  async add(name: string, limit: Limit, key: string): Promise<number> {
    const res = await this.limiter(name, limit).penalty(key, 1);
    return res.consumedPoints;
  }

  /** Forgets the count of `key`, e.g. after a successful sign-in. */
  async reset(name: string, limit: Limit, key: string): Promise<void> {
    await this.limiter(name, limit).delete(key);
  }

  async close(): Promise<void> {
    await this.redis?.quit();
  }

  private limiter(name: string, limit: Limit): RateLimiterAbstract {
    const id = `${name}:${limit.points}:${limit.seconds}`;
    let limiter = this.limiters.get(id);
    if (limiter === undefined) {
      const options = { keyPrefix: `${this.prefix}${name}`, points: limit.points, duration: limit.seconds };
      limiter =
        this.redis === null
          ? new RateLimiterMemory(options)
          : new RateLimiterRedis({ ...options, storeClient: this.redis, rejectIfRedisNotReady: true });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
