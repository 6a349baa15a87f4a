import {
  ActivationSentSchema,
  CaptchaChallengeSchema,
  DeviceListSchema,
  DeviceResponseSchema,
  DeviceTokensSchema,
  ErrorBodySchema,
  PhoneCodeSentSchema,
  PhoneVerifiedSchema,
  SessionInfoSchema,
  SignInResultSchema,
  HealthSchema,
  ReadinessSchema,
  ServerInfoSchema,
  PullResponseSchema,
  PushResponseSchema,
  PollResponseSchema,
  FolderListingSchema,
  FolderResponseSchema,
  MAX_MISSING_HASHES,
  MediaItemListSchema,
  MediaItemResponseSchema,
  MissingBlobsResponseSchema,
  StorageSchema,
  type Category,
  type Folder,
  type FolderListing,
  type MediaItem,
  type MediaItemList,
  type NewMediaFromBlobSchema,
  type Storage,
  type CommandResultRequest,
  type Device,
  type ErrorCode,
  type CaptchaChallenge,
  type Health,
  type RegisterByEmailRequest,
  type RegisterByPhoneRequest,
  type SignInRequest,
  type PullResponse,
  type PushItem,
  type PushResult,
  type Readiness,
  type RegisterDeviceRequest,
  type ServerInfo,
  type StreamEvent,
  type UpdateSyncSwitches,
} from '@nimbus/protocol';
import { z } from 'zod';

/** An error answer of the Nimbus API, with its stable code. */
export class NimbusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'unexpected_response',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NimbusApiError';
  }
}

/** The two tokens a signed-in device holds: a short access token and a single-use refresh token. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * Keeps a device's tokens for the SDK. When the server refuses the access token, the SDK asks
 * `rotate` for fresh tokens, giving it the token that failed and a way to refresh; a keeper shared
 * by several callers refreshes once (a refresh token works only once: using it twice ends the session)
 * and must persist the new pair before handing it out.
 */
export interface TokenKeeper {
  current(): Promise<TokenPair>;
  rotate(failedAccessToken: string, refresh: (refreshToken: string) => Promise<TokenPair>): Promise<TokenPair>;
}

/** Tokens kept in memory only, for a program that stores them itself (or not at all). */
export class MemoryTokenKeeper implements TokenKeeper {
  private rotation: Promise<TokenPair> | null = null;

  constructor(private tokens: TokenPair) {}

  current(): Promise<TokenPair> {
    return Promise.resolve(this.tokens);
  }

  rotate(failedAccessToken: string, refresh: (refreshToken: string) => Promise<TokenPair>): Promise<TokenPair> {
    if (this.tokens.accessToken !== failedAccessToken) return Promise.resolve(this.tokens);
    this.rotation ??= refresh(this.tokens.refreshToken)
      .then((fresh) => (this.tokens = { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken }))
      .finally(() => (this.rotation = null));
    return this.rotation;
  }
}

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * A typed facade over the Nimbus HTTP API, the way any third-party app would use it: every answer
 * is checked against the protocol schema it promises.
 */
export class NimbusClient {
  private readonly baseUrl: string;

  /** `tokens` signs the device calls (devices, sync); the account calls need none. */
  constructor(
    baseUrl: string,
    private readonly tokens?: TokenKeeper,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  health(): Promise<Health> {
    return this.get('/healthz', HealthSchema);
  }

  /** Readiness answers 503 with the same body when a check fails; that is still an answer. */
  readiness(): Promise<Readiness> {
    return this.get('/readyz', ReadinessSchema, [503]);
  }

  serverInfo(): Promise<ServerInfo> {
    return this.get('/api/v1/meta', ServerInfoSchema);
  }

  captcha(): Promise<CaptchaChallenge> {
    return this.get('/api/v1/captcha', CaptchaChallengeSchema);
  }

  registerByEmail(request: RegisterByEmailRequest) {
    return this.post('/api/v1/accounts/email', request, ActivationSentSchema);
  }

  registerByPhone(request: RegisterByPhoneRequest) {
    return this.post('/api/v1/accounts/phone', request, PhoneCodeSentSchema);
  }

  verifyPhone(registrationId: string, code: string) {
    return this.post('/api/v1/accounts/phone/verify', { registrationId, code }, PhoneVerifiedSchema);
  }

  completePhoneRegistration(registrationId: string, setupToken: string, password: string) {
    return this.post('/api/v1/accounts/phone/complete', { registrationId, setupToken, password }, SessionInfoSchema);
  }

  /** Signs a device in; answers either tokens or the code step of a new device. */
  signInDevice(request: Omit<SignInRequest, 'client'>) {
    return this.post('/api/v1/sessions', { ...request, client: 'device' }, SignInResultSchema);
  }

  verifySignIn(challengeId: string, code: string) {
    return this.post('/api/v1/sessions/verify', { challengeId, code }, SessionInfoSchema);
  }

  refresh(refreshToken: string) {
    return this.post('/api/v1/sessions/refresh', { refreshToken }, DeviceTokensSchema.omit({ deviceToken: true }));
  }

  session(accessToken: string) {
    return this.get('/api/v1/session', SessionInfoSchema, [], accessToken);
  }

  /** Registers the signed-in device (or updates what it said of itself last time). */
  async registerDevice(request: RegisterDeviceRequest): Promise<Device> {
    return (await this.authorized('POST', '/api/v1/devices', DeviceResponseSchema, request)).device;
  }

  /** This device as the server sees it, with its sync switches. */
  async currentDevice(): Promise<Device> {
    return (await this.authorized('GET', '/api/v1/devices/current', DeviceResponseSchema)).device;
  }

  async listDevices(): Promise<Device[]> {
    return (await this.authorized('GET', '/api/v1/devices', DeviceListSchema)).devices;
  }

  /** Switches categories on or off; `deviceId` "current" is this device. */
  async updateSyncSwitches(update: UpdateSyncSwitches, deviceId = 'current'): Promise<Device> {
    const path = `/api/v1/devices/${encodeURIComponent(deviceId)}/sync`;
    return (await this.authorized('PATCH', path, DeviceResponseSchema, update)).device;
  }

  /** One page of a category's changes after `since` ("0": everything that exists). */
  pullChanges(category: Category, since: string, limit?: number): Promise<PullResponse> {
    const query = new URLSearchParams({ since, ...(limit === undefined ? {} : { limit: String(limit) }) });
    return this.authorized('GET', `/api/v1/sync/${category}?${query.toString()}`, PullResponseSchema);
  }

  /** One batch of changes (at most MAX_PUSH_ITEMS items and MAX_PUSH_BYTES bytes); a result per item. */
  async pushChanges(category: Category, items: PushItem[]): Promise<PushResult[]> {
    return (await this.authorized('POST', `/api/v1/sync/${category}`, PushResponseSchema, { items })).results;
  }

  /** The WebSocket address of the device stream (JSON StreamEvent frames; Bearer token on the upgrade). */
  streamUrl(): string {
    return `${this.baseUrl.replace(/^http/i, 'ws')}/api/v1/devices/stream`;
  }

  /**
   * The device's access token, for a connection the SDK does not make itself (the stream's upgrade
   * request). Give the token the server refused as `refused` to get a fresh one.
   */
  async deviceAccessToken(refused?: string): Promise<string> {
    const tokens = this.requireTokens();
    if (refused === undefined) return (await tokens.current()).accessToken;
    return (await tokens.rotate(refused, (refreshToken) => this.refresh(refreshToken))).accessToken;
  }

  /**
   * The long-poll fallback of the stream: answers at once with what is waiting, else holds the
   * request up to `waitSeconds` and answers what came meanwhile (or nothing).
   */
  async pollEvents(waitSeconds: number, signal?: AbortSignal): Promise<StreamEvent[]> {
    const path = `/api/v1/devices/events?wait=${waitSeconds}`;
    return (await this.authorized('GET', path, PollResponseSchema, undefined, signal)).events;
  }

  /** Reports how a command ended; reporting the same outcome again is harmless. */
  async reportCommand(commandId: string, result: CommandResultRequest): Promise<void> {
    const path = `/api/v1/devices/commands/${encodeURIComponent(commandId)}/result`;
    await this.authorized('POST', path, z.undefined(), result);
  }

  /**
   * Which of these SHA-256 hashes the account does not have yet: upload only those. Any number of
   * hashes; asked in batches of MAX_MISSING_HASHES.
   */
  async missingHashes(hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const missing: string[] = [];
    for (let start = 0; start < unique.length; start += MAX_MISSING_HASHES) {
      const batch = unique.slice(start, start + MAX_MISSING_HASHES);
      const answer = await this.authorized('POST', '/api/v1/media/missing', MissingBlobsResponseSchema, {
        hashes: batch,
      });
      missing.push(...answer.missing);
    }
    return missing;
  }

  /**
   * An item from a file the account already has (same SHA-256 and size): nothing is uploaded.
   * Throws NimbusApiError 404 when the account has no such file, 415 when the section refuses it.
   */
  async createItemFromBlob(item: z.input<typeof NewMediaFromBlobSchema>): Promise<MediaItem> {
    return (await this.authorized('POST', '/api/v1/media/items', MediaItemResponseSchema, item)).item;
  }

  async mediaItem(id: string): Promise<MediaItem> {
    const path = `/api/v1/media/items/${encodeURIComponent(id)}`;
    return (await this.authorized('GET', path, MediaItemResponseSchema)).item;
  }

  /** One page of the voice and call recordings, newest first; `after` is the previous page's `next`. */
  listRecordings(after?: string): Promise<MediaItemList> {
    const query = new URLSearchParams({ limit: '500', ...(after === undefined ? {} : { after }) });
    return this.authorized('GET', `/api/v1/media/recordings?${query.toString()}`, MediaItemListSchema);
  }

  /** A folder of the files section (the root when `folderId` is null): its folders and files. */
  filesFolder(folderId: string | null = null): Promise<FolderListing> {
    const query = folderId === null ? '' : `?folderId=${encodeURIComponent(folderId)}`;
    return this.authorized('GET', `/api/v1/media/files${query}`, FolderListingSchema);
  }

  /** A new folder in the files section; NimbusApiError 409 when the parent has one of that name. */
  async createFolder(name: string, parentId: string | null): Promise<Folder> {
    return (await this.authorized('POST', '/api/v1/media/folders', FolderResponseSchema, { name, parentId })).folder;
  }

  /** Storage used and left, by section. */
  storage(): Promise<Storage> {
    return this.authorized('GET', '/api/v1/storage', StorageSchema);
  }

  /** Where tus 1.0 uploads are created (see tusPort in @nimbus/client/uploads). */
  uploadsEndpoint(): string {
    return `${this.baseUrl}/api/v1/uploads`;
  }

  /** The server's address, as given. */
  get serverUrl(): string {
    return this.baseUrl;
  }

  private requireTokens(): TokenKeeper {
    if (this.tokens === undefined) throw new Error('this call needs a signed-in device: give the client its tokens');
    return this.tokens;
  }

  /** A call with the device's access token; an expired one is refreshed once and the call repeated. */
  private async authorized<T extends z.ZodType>(
    method: Method,
    path: string,
    schema: T,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.infer<T>> {
    const tokens = this.requireTokens();
    const { accessToken } = await tokens.current();
    try {
      return await this.send(method, path, schema, [], accessToken, body, signal);
    } catch (error) {
      if (!(error instanceof NimbusApiError && error.status === 401 && error.code === 'unauthorized')) throw error;
    }
    const fresh = await tokens.rotate(accessToken, (refreshToken) => this.refresh(refreshToken));
    return this.send(method, path, schema, [], fresh.accessToken, body, signal);
  }

  private post<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<z.infer<T>> {
    return this.send('POST', path, schema, [], undefined, body);
  }

  private get<T extends z.ZodType>(
    path: string,
    schema: T,
    acceptStatuses: number[] = [],
    accessToken?: string,
  ): Promise<z.infer<T>> {
    return this.send('GET', path, schema, acceptStatuses, accessToken);
  }

  private async send<T extends z.ZodType>(
    method: Method,
    path: string,
    schema: T,
    acceptStatuses: number[],
    accessToken?: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.infer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal }),
    });
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok && !acceptStatuses.includes(response.status)) {
      const error = ErrorBodySchema.safeParse(answer);
      if (error.success) {
        throw new NimbusApiError(
          response.status,
          error.data.error.code,
          error.data.error.message,
          error.data.error.details,
        );
      }
      throw new NimbusApiError(response.status, 'unexpected_response', `${path} answered ${response.status}`);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new NimbusApiError(response.status, 'unexpected_response', `${path} answered an unexpected body`);
    }
    return parsed.data;
  }
}
