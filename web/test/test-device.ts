import type { Category, Change, PullResponse, PushItem, PushResult } from '@nimbus/protocol';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { TestSmtpServer } from './browser.js';

/** Lines of their own in the mails: the activation link, and the 6-digit code. */
const ACTIVATION_LINK = /^https?:\/\/\S+\/activate\?token=\S+$/m;
const CODE = /^(\d{6})$/m;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** A cookie as Playwright's BrowserContext.addCookies takes it. */
export interface BrowserCookie {
  name: string;
  value: string;
  url: string;
}

/** A signed-in browser session opened over the API: its cookies, for a Playwright context, and its CSRF token. */
export interface ApiSession {
  cookies: BrowserCookie[];
  /** The same cookies as one Cookie header, for fetch. */
  cookieHeader: string;
  csrfToken: string;
}

async function sendJson(baseUrl: string, method: string, path: string, body?: unknown, headers = {}) {
  // As the portal does: no content-type without a body, which the server would refuse as empty JSON.
  const type: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return fetch(new URL(path, baseUrl), {
    method,
    headers: { ...type, accept: 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

/**
 * Reads the next 6-digit code mailed to `email`: the first one after the codes received so far.
 * Make it before the request that sends the code, once every earlier code mail has arrived.
 */
export function nextMailedCode(smtp: TestSmtpServer, email: string): () => Promise<string> {
  const skip = smtp.received.filter((mail) => mail.to.includes(email) && CODE.test(mail.text)).length;
  return async () => {
    const [, code = ''] = await smtp.waitFor(email, CODE, { skip });
    return code;
  };
}

/**
 * Registers an account by e-mail and activates it from the mailed link, as a person would;
 * answers the browser session activation opened, so a Playwright context can start signed in.
 */
export async function activatedAccount(
  baseUrl: string,
  smtp: TestSmtpServer,
  email: string,
  password: string,
): Promise<ApiSession> {
  const registered = await sendJson(baseUrl, 'POST', '/api/v1/accounts/email', {
    email,
    region: 'DE',
    birthDate: '1990-03-14',
    password,
    locale: 'en',
    marketingOptIn: false,
  });
  expect(registered.status, 'registration').toBe(202);
  const [activation] = await smtp.waitFor(email, ACTIVATION_LINK);
  const token = new URL(activation).searchParams.get('token');
  const activated = await sendJson(baseUrl, 'POST', '/api/v1/accounts/activate', { token });
  expect(activated.status, 'activation').toBe(200);
  const { csrfToken } = (await activated.json()) as { csrfToken: string };
  const pairs = activated.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
  const cookies = pairs.map((pair) => {
    const split = pair.indexOf('=');
    return { name: pair.slice(0, split), value: pair.slice(split + 1), url: baseUrl };
  });
  return { cookies, cookieHeader: pairs.join('; '), csrfToken };
}

/**
 * A phone as the server sees it, over real HTTP: signed in as a device with the code from its
 * mail, registered, then syncing with its Bearer token.
 */
export class TestDevice {
  private tokens: Tokens = { accessToken: '', refreshToken: '' };
  /** Its id in GET /api/v1/devices. */
  id = '';
  /** Where its last pull of each category ended. */
  readonly cursors = new Map<Category, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly smtp: TestSmtpServer,
  ) {}

  /** Signs in with `email` (typing the new-device code from the mail when asked) and registers as `name`. */
  async connect(email: string, password: string, name: string, model = 'Pixel 8'): Promise<this> {
    const readCode = nextMailedCode(this.smtp, email);
    const first = await this.call('POST', '/api/v1/sessions', {
      login: email,
      password,
      client: 'device',
      deviceName: name,
    });
    let answer = first;
    if (first.status === 202) {
      const { challengeId } = (await first.json()) as { challengeId: string };
      answer = await this.call('POST', '/api/v1/sessions/verify', { challengeId, code: await readCode() });
    }
    if (answer.status !== 200) throw new Error(`device sign-in answered ${answer.status}: ${await answer.text()}`);
    const { tokens } = (await answer.json()) as { tokens?: Tokens };
    if (tokens === undefined) throw new Error('a device sign-in answered no tokens');
    this.tokens = tokens;
    const registered = await this.call('POST', '/api/v1/devices', {
      name,
      model,
      os: 'Android',
      osVersion: '15',
      appVersion: '1.4.2',
    });
    if (registered.status !== 200) {
      throw new Error(`registration answered ${registered.status}: ${await registered.text()}`);
    }
    this.id = ((await registered.json()) as { device: { id: string } }).device.id;
    return this;
  }

  /** New tokens, as a phone gets them when its 15-minute access token ends. */
  async refresh(): Promise<void> {
    const answer = await this.call('POST', '/api/v1/sessions/refresh', { refreshToken: this.tokens.refreshToken });
    if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}: ${await answer.text()}`);
    this.tokens = (await answer.json()) as Tokens;
  }

  /** Any call with the device's Bearer token (once it has one); the raw answer, to check refusals. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    const auth: Record<string, string> =
      this.tokens.accessToken === '' ? {} : { authorization: `Bearer ${this.tokens.accessToken}` };
    return sendJson(this.baseUrl, method, path, body, { 'user-agent': 'NimbusTestPhone/1.0', ...auth });
  }

  /**
   * Opens the device's stream (a WebSocket), as the app does while it runs, so the device counts as
   * online; resolves once the server greets it. Close it when done.
   */
  async openStream(): Promise<WebSocket> {
    const url = new URL('/api/v1/devices/stream', this.baseUrl);
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
    if (response.status !== 200) throw new Error(`push answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { results: PushResult[] }).results;
  }

  /** Creates records the phone made itself: upserts based on no version. */
  async create(category: Category, records: { id: string; data: unknown }[]): Promise<PushResult[]> {
    const results = await this.push(
      category,
      records.map(({ id, data }) => ({ id, op: 'upsert', baseVersion: null, data })),
    );
    for (const result of results) expect(result.status, `push of ${result.id}`).toBe('applied');
    return results;
  }

  /** Every change since its last pull, page by page; moves its cursor. */
  async pullAll(category: Category, limit = 500): Promise<Change[]> {
    const changes: Change[] = [];
    for (;;) {
      const since = this.cursors.get(category) ?? '0';
      const response = await this.call('GET', `/api/v1/sync/${category}?since=${since}&limit=${limit}`);
      if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
      const page = (await response.json()) as PullResponse;
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
