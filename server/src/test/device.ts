import type { Category, Change, PullResponse, PushItem, PushResult } from '@nimbus/protocol';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import WebSocket from 'ws';
import { PASSWORD } from './accounts.js';
import { nextCode, outboxInbox, type Inbox } from './messages.js';

interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** What makes the account remember this device: sent back at its next sign-in, it skips the code. */
  deviceToken?: string;
}

export interface ConnectOptions {
  password?: string;
  model?: string;
  appVersion?: string;
  /** Sign in only, without registering: a device as it is between the two steps. */
  register?: boolean;
  /** The deviceToken of an earlier sign-in, by which a remembered device skips the code. */
  deviceToken?: string;
}

/** A phone as the API sees it: signed in with its code, registered, talking with its Bearer token. */
export class TestDevice {
  private tokens: Tokens = { accessToken: '', refreshToken: '' };
  /** Its id in GET /api/v1/devices. */
  id = '';
  /** Whether its last sign-in asked for the new-device code (false: the account remembered it). */
  askedForCode = false;
  /** Where its last pull of each category ended. */
  readonly cursors = new Map<Category, string>();

  /** `inbox` is where its new-device code arrives: the app's outbox unless the app sends mail by SMTP. */
  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
    private readonly inbox: Inbox = outboxInbox(app),
  ) {}

  /** Signs in as `login` (typing the new-device code sent for it when asked) and registers as `name`. */
  async connect(login: string, name: string, options: ConnectOptions = {}): Promise<this> {
    const readCode = await nextCode(this.inbox, login);
    const body = {
      login,
      password: options.password ?? PASSWORD,
      client: 'device',
      deviceName: name,
      ...(options.deviceToken === undefined ? {} : { deviceToken: options.deviceToken }),
    };
    const first = await this.call('POST', '/api/v1/sessions', body);
    let answer = first;
    if (first.statusCode === 202) {
      const { challengeId } = first.json<{ challengeId: string }>();
      answer = await this.call('POST', '/api/v1/sessions/verify', { challengeId, code: await readCode() });
    }
    if (answer.statusCode !== 200) throw new Error(`device sign-in answered ${answer.statusCode}: ${answer.body}`);
    const { tokens } = answer.json<{ tokens?: Tokens }>();
    if (tokens === undefined) throw new Error('a device sign-in answered no tokens');
    this.tokens = tokens;
    this.askedForCode = first.statusCode === 202;
    if (options.register === false) return this;
    const registered = await this.call('POST', '/api/v1/devices', {
      name,
      model: options.model ?? 'Test 1',
      os: 'Android',
      osVersion: '15',
      ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
    });
    if (registered.statusCode !== 200) {
      throw new Error(`registration answered ${registered.statusCode}: ${registered.body}`);
    }
    this.id = registered.json<{ device: { id: string } }>().device.id;
    return this;
  }

  get accessToken(): string {
    return this.tokens.accessToken;
  }

  /** The token by which the account remembers this device (kept by the phone across sign-ins). */
  get deviceToken(): string {
    return this.tokens.deviceToken ?? '';
  }

  get refreshToken(): string {
    return this.tokens.refreshToken;
  }

  /** New tokens, as a phone gets them when its 15-minute access token ends. */
  async refresh(): Promise<void> {
    const answer = await this.call('POST', '/api/v1/sessions/refresh', { refreshToken: this.tokens.refreshToken });
    if (answer.statusCode !== 200) throw new Error(`refresh answered ${answer.statusCode}: ${answer.body}`);
    this.tokens = { ...answer.json<Tokens>(), deviceToken: this.tokens.deviceToken };
  }

  /** Any call with the device's Bearer token (once it has one); the raw answer, to check refusals. */
  call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        'user-agent': 'NimbusTest/1.0',
        ...(this.tokens.accessToken === '' ? {} : { authorization: `Bearer ${this.tokens.accessToken}` }),
      },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
  }

  /**
   * Opens the device's stream (a WebSocket) on the app listening at `baseUrl`, as the phone app does
   * while it runs, so the device counts as online; resolves once the server greets it. Close it when done.
   */
  async openStream(baseUrl: string): Promise<WebSocket> {
    const url = new URL('/api/v1/devices/stream', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.tokens.accessToken}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`the stream answered ${response.statusCode ?? 'nothing'}`));
      });
    });
    return socket;
  }

  /** Pushes a batch; throws unless the server took it (each item still has its own result). */
  async push(category: Category, items: PushItem[]): Promise<PushResult[]> {
    const response = await this.call('POST', `/api/v1/sync/${category}`, { items });
    if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}: ${response.body}`);
    return response.json<{ results: PushResult[] }>().results;
  }

  /** Creates records the phone made itself (upserts based on no version); throws unless each applied. */
  async create(category: Category, records: { id: string; data: unknown }[]): Promise<PushResult[]> {
    const results = await this.push(
      category,
      records.map(({ id, data }) => ({ id, op: 'upsert', baseVersion: null, data })),
    );
    const refused = results.filter((result) => result.status !== 'applied');
    if (refused.length > 0) throw new Error(`pushes not applied: ${JSON.stringify(refused)}`);
    return results;
  }

  /** Every change since its last pull, page by page; moves its cursor. */
  async pullAll(category: Category, limit = 500): Promise<Change[]> {
    const changes: Change[] = [];
    for (;;) {
      const since = this.cursors.get(category) ?? '0';
      const response = await this.call('GET', `/api/v1/sync/${category}?since=${since}&limit=${limit}`);
      if (response.statusCode !== 200) throw new Error(`pull answered ${response.statusCode}: ${response.body}`);
      const page = response.json<PullResponse>();
      changes.push(...page.changes);
      this.cursors.set(category, page.cursor);
      if (!page.more) return changes;
    }
  }
}

/** A vCard 3.0 as an Android phone writes one; `extra` lines (CRLF-ended) go before END. */
export function phoneVcard(uid: string, given: string, family: string, phone: string, extra = ''): string {
  return (
    `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${given} ${family}\r\nN:${family};${given};;;\r\n` +
    `TEL;TYPE=CELL:${phone}\r\n${extra}END:VCARD\r\n`
  );
}

export const vcard = (uid: string, name: string, extra = '') =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(' ').reverse().join(';')};;;\r\nTEL;TYPE=CELL:+49 151 2345 ${uid.slice(-4)}\r\n${extra}END:VCARD\r\n`;
