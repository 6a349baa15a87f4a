import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/index.js';
import { capturingLog, paddedRange, sha1Parts, startRangeReceiver } from './pwned-range.fixture.js';
import { PWNED_PASSWORDS_TIMEOUT_MS, PwnedPasswordsChecker } from './pwned-passwords.js';

const BREACHED = 'P@ssw0rd';

describe('PwnedPasswordsChecker against a local range API', () => {
  let receiver: Awaited<ReturnType<typeof startRangeReceiver>>;
  const { prefix, suffix } = sha1Parts(BREACHED);

  beforeAll(async () => {
    receiver = await startRangeReceiver((path) => {
      if (path === `/range/${prefix}`) return { status: 200, body: paddedRange([{ suffix, count: 52_256_179 }]) };
      if (path.startsWith('/range/')) return { status: 200, body: paddedRange([{ suffix: 'F'.repeat(35), count: 3 }]) };
      return { status: 500, body: 'gateway down' };
    });
  });
  afterAll(() => receiver.close());

  it('finds a password whose suffix is in its range, sending only 5 hex digits and Add-Padding', async () => {
    expect(prefix).toBe('21BD1');
    const { log, lines } = capturingLog();
    const checker = new PwnedPasswordsChecker({ url: `${receiver.url}/`, log });
    receiver.requests.length = 0;

    expect(await checker.isBreached(BREACHED)).toBe(true);

    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    expect(request?.url).toBe('/range/21BD1');
    expect(request?.url).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(request?.url).not.toContain(suffix.slice(0, 4));
    expect(request?.headers['add-padding']).toBe('true');
    expect(lines).toEqual([]);
  });

  it('does not find a password missing from its range', async () => {
    const checker = new PwnedPasswordsChecker({ url: receiver.url, log: capturingLog().log });
    expect(await checker.isBreached('Tundra-Lantern-47')).toBe(false);
    expect(receiver.requests.at(-1)?.url).toBe(`/range/${sha1Parts('Tundra-Lantern-47').prefix}`);
  });

  it('ignores a count-0 padding line that happens to carry the suffix', async () => {
    const padded = await startRangeReceiver(() => ({ status: 200, body: paddedRange([{ suffix, count: 0 }]) }));
    try {
      const checker = new PwnedPasswordsChecker({ url: padded.url, log: capturingLog().log });
      expect(await checker.isBreached(BREACHED)).toBe(false);
    } finally {
      await padded.close();
    }
  });

  it('fails open with a warning when the API answers 500', async () => {
    const { log, lines } = capturingLog();
    const checker = new PwnedPasswordsChecker({ url: `${receiver.url}/broken`, log });
    expect(await checker.isBreached(BREACHED)).toBe(false);
    expect(receiver.requests.at(-1)?.url).toBe('/broken/range/21BD1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, status: 500 });
    expect(JSON.stringify(lines)).not.toContain(prefix);
  });

  it('fails open with a warning when nothing listens', async () => {
    const { log, lines } = capturingLog();
    const checker = new PwnedPasswordsChecker({ url: `http://127.0.0.1:${await freePort()}`, log });
    expect(await checker.isBreached(BREACHED)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(lines[0]?.reason).toMatch(/ECONNREFUSED/);
  });

  it('fails open with a warning when the API answers too late', async () => {
    const silent = await startRangeReceiver(() => null);
    const { log, lines } = capturingLog();
    try {
      const checker = new PwnedPasswordsChecker({ url: silent.url, log, timeoutMs: 200 });
      const started = Date.now();
      expect(await checker.isBreached(BREACHED)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(silent.requests).toHaveLength(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40 });
    } finally {
      await silent.close();
    }
  });
});

describe('PWNED_PASSWORDS_TIMEOUT_MS', () => {
  it('is 3 seconds', () => {
    expect(PWNED_PASSWORDS_TIMEOUT_MS).toBe(3_000);
  });
});
