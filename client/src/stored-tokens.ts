import { credentialsFile, loadCredentials, saveCredentials, type Credentials } from './credentials.js';
import { withLock } from './lock-file.js';
import { NimbusApiError, type TokenKeeper, type TokenPair } from './sdk.js';

const pair = (credentials: Credentials): TokenPair => ({
  accessToken: credentials.accessToken,
  refreshToken: credentials.refreshToken,
});

/**
 * The CLI's device tokens, kept in the credentials file. A refresh happens under a lock file and
 * re-reads the file first: when another `nimbus` process has refreshed already, its tokens are
 * used, because refreshing twice with one refresh token would end the sign-in. New tokens are saved
 * before they are used, so a crash right after never strands the device.
 */
export class StoredTokens implements TokenKeeper {
  private rotation: Promise<TokenPair> | null = null;

  constructor(private credentials: Credentials) {}

  get account(): Credentials {
    return this.credentials;
  }

  current(): Promise<TokenPair> {
    return Promise.resolve(pair(this.credentials));
  }

  rotate(failedAccessToken: string, refresh: (refreshToken: string) => Promise<TokenPair>): Promise<TokenPair> {
    this.rotation ??= withLock(`${credentialsFile()}.lock`, 10_000, () =>
      this.refreshOnce(failedAccessToken, refresh),
    ).finally(() => (this.rotation = null));
    return this.rotation;
  }

  private async refreshOnce(
    failedAccessToken: string,
    refresh: (refreshToken: string) => Promise<TokenPair>,
  ): Promise<TokenPair> {
    const onDisk = await loadCredentials();
    if (onDisk?.server === this.credentials.server && onDisk.accessToken !== failedAccessToken) {
      this.credentials = onDisk;
      return pair(onDisk);
    }
    let fresh: TokenPair;
    try {
      fresh = await refresh(this.credentials.refreshToken);
    } catch (error) {
      if (error instanceof NimbusApiError && error.status === 401) {
        throw new Error(`this device is signed out (${error.message}); sign in again with \`nimbus login\``, {
          cause: error,
        });
      }
      throw error;
    }
    this.credentials = { ...this.credentials, accessToken: fresh.accessToken, refreshToken: fresh.refreshToken };
    await saveCredentials(this.credentials);
    return pair(this.credentials);
  }
}

/** The signed-in device's credentials, or a clear error when there are none. */
export async function requireCredentials(): Promise<Credentials> {
  const credentials = await loadCredentials();
  if (credentials === null) throw new Error('this device is not signed in; run `nimbus login` first');
  return credentials;
}
