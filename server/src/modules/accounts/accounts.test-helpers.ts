import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A browser as the API sees it: a cookie jar and a CSRF token, kept across requests. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async request(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        ...(this.cookies.size > 0
          ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...(this.csrfToken === undefined ? {} : { 'x-csrf-token': this.csrfToken }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    this.keepCookies(response);
    const json = response.body === '' ? undefined : response.json<{ csrfToken?: string }>();
    if (typeof json?.csrfToken === 'string') this.csrfToken = json.csrfToken;
    return response;
  }

  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }

  get(url: string) {
    return this.request('GET', url);
  }

  private keepCookies(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }
}

/** Delivers queued mail and SMS into the outbox and returns the newest message to `to`. */
export async function lastMessageTo(
  app: FastifyInstance,
  to: string,
): Promise<{ subject: string | null; text: string }> {
  while ((await app.nimbus.runner.runDue()) > 0);
  const messages = await app.nimbus.outbox.list({ limit: 200 });
  const message = messages.find((item) => item.recipient === to);
  if (message === undefined) throw new Error(`no message to ${to}`);
  return message;
}

export function linkToken(text: string): string {
  const match = /\/activate\?token=([\w%-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no activation link in: ${text}`);
  return decodeURIComponent(match[1]);
}

export function sixDigitCode(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no code in: ${text}`);
  return match[1];
}

/**
 * A registered, activated and signed-in account, and the browser that activated it (so it is
 * remembered and signs in without a code).
 */
export async function activatedAccount(
  app: FastifyInstance,
  email: string,
  options: { ip: string; password: string; locale?: string; region?: string },
): Promise<TestBrowser> {
  const browser = new TestBrowser(app, options.ip);
  await browser.post('/api/v1/accounts/email', {
    email,
    region: options.region ?? 'RU',
    birthDate: '1985-02-03',
    password: options.password,
    locale: options.locale ?? 'en',
  });
  const activated = await browser.post('/api/v1/accounts/activate', {
    token: linkToken((await lastMessageTo(app, email)).text),
  });
  if (activated.statusCode !== 200) throw new Error(`activation answered ${activated.statusCode}: ${activated.body}`);
  return browser;
}
