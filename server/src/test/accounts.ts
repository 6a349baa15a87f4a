import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ACTIVATION_LINK, linkToken, outboxInbox, type Inbox } from './messages.js';

/** The password of the accounts tests make, unless a test needs its own. */
export const PASSWORD = 'Orchid-walk-42';

/** A cookie as Playwright's BrowserContext.addCookies takes it. */
export interface BrowserCookie {
  name: string;
  value: string;
  url: string;
}

/** A signed-in browser session for a real browser or fetch: its cookies, and its CSRF token. */
export interface ApiSession {
  cookies: BrowserCookie[];
  /** The same cookies as one Cookie header, for fetch. */
  cookieHeader: string;
  csrfToken: string;
}

/** A browser as the API sees it: a cookie jar and a CSRF token, kept across requests. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
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

  /** Its session, to hand to a real browser (Playwright) or to fetch against `baseUrl`. */
  session(baseUrl: string): ApiSession {
    if (this.csrfToken === undefined) throw new Error('this browser is not signed in');
    return {
      cookies: [...this.cookies].map(([name, value]) => ({ name, value, url: baseUrl })),
      cookieHeader: this.cookieHeader(),
      csrfToken: this.csrfToken,
    };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }
}

export interface AccountOptions {
  ip?: string;
  password?: string;
  locale?: string;
  region?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  /** Where the activation mail arrives: the app's outbox unless the app sends mail by SMTP. */
  inbox?: Inbox;
}

/**
 * A registered, activated and signed-in account, and the browser that activated it (so it is
 * remembered and signs in without a code).
 */
export async function activatedAccount(
  app: FastifyInstance,
  email: string,
  options: AccountOptions = {},
): Promise<TestBrowser> {
  const inbox = options.inbox ?? outboxInbox(app);
  const browser = new TestBrowser(app, options.ip);
  const earlier = await inbox.count(email, ACTIVATION_LINK);
  const registered = await browser.post('/api/v1/accounts/email', {
    email,
    region: options.region ?? 'RU',
    birthDate: options.birthDate ?? '1985-02-03',
    password: options.password ?? PASSWORD,
    locale: options.locale ?? 'en',
  });
  if (registered.statusCode !== 202) {
    throw new Error(`registration answered ${registered.statusCode}: ${registered.body}`);
  }
  const [link] = await inbox.waitFor(email, ACTIVATION_LINK, { skip: earlier });
  const activated = await browser.post('/api/v1/accounts/activate', { token: linkToken(link) });
  if (activated.statusCode !== 200) throw new Error(`activation answered ${activated.statusCode}: ${activated.body}`);
  return browser;
}

/** An activated account with a verified e-mail and PASSWORD, and its browser (remembered, signed in). */
export function owner(app: FastifyInstance, email: string, ip: string): Promise<TestBrowser> {
  return activatedAccount(app, email, { ip, password: PASSWORD });
}

/** The one-a-minute limit on mail to an address, which a test resets rather than waits out. */
export { RESEND_COOLDOWN } from '../modules/accounts/index.js';
