import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCredentials, type Credentials } from './credentials.js';
import { MemoryTokenKeeper, NimbusApiError, type TokenPair } from './sdk.js';
import { StoredTokens } from './stored-tokens.js';

/** A refresh endpoint stand-in that counts its calls and answers numbered tokens. */
function refresher() {
  const calls: string[] = [];
  const refresh = async (refreshToken: string): Promise<TokenPair> => {
    calls.push(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { accessToken: `access-${calls.length + 1}`, refreshToken: `refresh-${calls.length + 1}` };
  };
  return { calls, refresh };
}

describe('MemoryTokenKeeper', () => {
  it('refreshes once for calls that fail together, since a refresh token works only once', async () => {
    const keeper = new MemoryTokenKeeper({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    const { calls, refresh } = refresher();
    const [a, b] = await Promise.all([keeper.rotate('access-1', refresh), keeper.rotate('access-1', refresh)]);
    expect(calls).toEqual(['refresh-1']);
    expect(a).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(b).toEqual(a);
    // A call that failed with the old token after the refresh just takes the new one.
    expect(await keeper.rotate('access-1', refresh)).toEqual(a);
    expect(calls).toHaveLength(1);
  });
});

describe('StoredTokens', () => {
  let dir: string;
  const original = process.env.NIMBUS_CONFIG_DIR;
  const credentials: Credentials = {
    server: 'http://127.0.0.1:1',
    accountNumber: '1234567890',
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    deviceToken: 'device',
  };
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-tokens-'));
    process.env.NIMBUS_CONFIG_DIR = dir;
  });
  afterAll(async () => {
    if (original === undefined) delete process.env.NIMBUS_CONFIG_DIR;
    else process.env.NIMBUS_CONFIG_DIR = original;
    await fs.rm(dir, { recursive: true, force: true });
  });

  const saved = async () => JSON.parse(await fs.readFile(path.join(dir, 'credentials.json'), 'utf8')) as Credentials;

  it('saves refreshed tokens to the credentials file (0600) before they are used', async () => {
    await saveCredentials(credentials);
    const tokens = new StoredTokens(credentials);
    const { calls, refresh } = refresher();
    expect(await tokens.rotate('access-1', refresh)).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(calls).toEqual(['refresh-1']);
    expect(await saved()).toEqual({ ...credentials, accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect((await fs.stat(path.join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);
  });

  it('takes the tokens another process refreshed instead of refreshing again', async () => {
    await saveCredentials(credentials);
    const tokens = new StoredTokens(credentials);
    await saveCredentials({ ...credentials, accessToken: 'access-9', refreshToken: 'refresh-9' });
    const { calls, refresh } = refresher();
    expect(await tokens.rotate('access-1', refresh)).toEqual({ accessToken: 'access-9', refreshToken: 'refresh-9' });
    expect(calls).toEqual([]);
  });

  it('says to sign in again when the server refuses the refresh token', async () => {
    await saveCredentials(credentials);
    const tokens = new StoredTokens(credentials);
    const refused = () =>
      Promise.reject(new NimbusApiError(401, 'token_reused', 'This refresh token was used before.'));
    await expect(tokens.rotate('access-1', refused)).rejects.toThrow(
      'this device is signed out (This refresh token was used before.); sign in again with `nimbus login`',
    );
    expect(await saved()).toEqual(credentials);
  });
});
