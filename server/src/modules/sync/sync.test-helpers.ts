import type { Category, Change, PullResponse, PushItem, PushResult } from '@nimbus/protocol';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { activatedAccount, lastMessageTo, sixDigitCode, type TestBrowser } from '../accounts/accounts.test-helpers.js';

export const PASSWORD = 'Orchid-walk-42';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** A phone as the API sees it: signed in with its code, registered, talking with its Bearer token. */
export class TestDevice {
  private tokens: Tokens = { accessToken: '', refreshToken: '' };
  id = '';
  /** Where its last pull of each category ended. */
  readonly cursors = new Map<Category, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly ip: string,
  ) {}

  /** Signs in (reading the new-device code from the outbox) and registers as `name`. */
  async connect(login: string, name: string): Promise<this> {
    const body = { login, password: PASSWORD, client: 'device', deviceName: name };
    const first = await this.call('POST', '/api/v1/sessions', body);
    let answer = first;
    if (first.statusCode === 202) {
      const { challengeId } = first.json<{ challengeId: string }>();
      const code = sixDigitCode((await lastMessageTo(this.app, login)).text);
      answer = await this.call('POST', '/api/v1/sessions/verify', { challengeId, code });
    }
    if (answer.statusCode !== 200) throw new Error(`device sign-in answered ${answer.statusCode}: ${answer.body}`);
    this.tokens = answer.json<{ tokens: Tokens }>().tokens;
    const registered = await this.call('POST', '/api/v1/devices', {
      name,
      model: 'Test 1',
      os: 'Android',
      osVersion: '15',
    });
    if (registered.statusCode !== 200)
      throw new Error(`registration answered ${registered.statusCode}: ${registered.body}`);
    this.id = registered.json<{ device: { id: string } }>().device.id;
    return this;
  }

  get accessToken(): string {
    return this.tokens.accessToken;
  }

  /** New tokens for a test that moves the clock past the access token's 15 minutes. */
  async refresh(): Promise<void> {
    const answer = await this.call('POST', '/api/v1/sessions/refresh', { refreshToken: this.tokens.refreshToken });
    if (answer.statusCode !== 200) throw new Error(`refresh answered ${answer.statusCode}: ${answer.body}`);
    this.tokens = answer.json<Tokens>();
  }

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

  async push(category: Category, items: PushItem[]): Promise<PushResult[]> {
    const response = await this.call('POST', `/api/v1/sync/${category}`, { items });
    if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}: ${response.body}`);
    return response.json<{ results: PushResult[] }>().results;
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

/** An activated account with a verified e-mail, and its browser (remembered, signed in to the portal). */
export function owner(app: FastifyInstance, email: string, ip: string): Promise<TestBrowser> {
  return activatedAccount(app, email, { ip, password: PASSWORD });
}

export const vcard = (uid: string, name: string, extra = '') =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(' ').reverse().join(';')};;;\r\nTEL;TYPE=CELL:+49 151 2345 ${uid.slice(-4)}\r\n${extra}END:VCARD\r\n`;
