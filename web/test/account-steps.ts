import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  activatedAccount,
  type ApiSession,
  type Clock,
  createTestApp,
  listen,
  type TestApp,
  TestDevice,
  type TestMailbox,
} from '../../server/src/test/index.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, webDir } from './browser.js';
import { en } from '../src/locales/index.js';

export { ACTIVATION_LINK, type ApiSession } from '../../server/src/test/index.js';

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 860 };
/** A line of its own in the mails: the 6-digit code. */
export const CODE = /^(\d{6})$/m;

/** Where the portal's tests find the app: a Portal, or an app they started themselves. */
export interface AppAt {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
}

/**
 * Registers an account by e-mail and activates it from the mailed link, as a person would;
 * answers the browser session activation opened, so a Playwright context can start signed in.
 */
export async function accountSession(
  server: AppAt,
  smtp: TestMailbox,
  email: string,
  password: string,
): Promise<ApiSession> {
  const browser = await activatedAccount(server.app, email, {
    password,
    inbox: smtp,
    region: 'DE',
    birthDate: '1990-03-14',
  });
  return browser.session(server.baseUrl);
}

/** A phone of the account, signed in with the code from its mail and registered as `name`. */
export function connectPhone(
  server: AppAt,
  smtp: TestMailbox,
  email: string,
  password: string,
  name: string,
  model = 'Pixel 8',
): Promise<TestDevice> {
  return new TestDevice(server.app, '127.0.0.1', smtp).connect(email, name, { password, model, appVersion: '1.4.2' });
}

/** The words of the sign-in pages in one language: en, ru (zh has other plural keys, not needed here). */
type SignInWords = Pick<typeof en, 'signIn' | 'verify'>;

/** A translation with its {{placeholders}} filled in, as i18next would. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

/** Nothing on the page is wider than the window: no sideways scrolling on a phone. */
export async function expectFits(page: Page, width = PHONE.width): Promise<void> {
  expect(await page.evaluate<number>(PAGE_WIDTH), `no sideways scrolling at ${width} px`).toBeLessThanOrEqual(width);
}

/** A POST to the API as the portal makes it: JSON, with no content-type when there is no body. */
export function postJson(
  baseUrl: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const type: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { ...type, accept: 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

interface PortalOptions {
  /** Mail goes there: started before the app, stopped after it. */
  smtp?: TestMailbox;
  clock?: Clock;
  /** More NIMBUS_* settings, read as the app starts (after the suite's earlier beforeAll hooks). */
  env?: () => Record<string, string>;
  /** The window of every context that does not say otherwise. */
  viewport?: { width: number; height: number };
}

/** The app and browser a suite's tests share; each field is there once beforeAll has run. */
export interface Portal {
  readonly baseUrl: string;
  readonly app: FastifyInstance;
  /** A browser context in American English (closed after the suite), `options` taking precedence. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new tab of `context`, not opened anywhere yet. */
  newPage(context: BrowserContext): Promise<Page>;
  /** A new tab of `context` at `pathname` of the portal. */
  open(context: BrowserContext, pathname: string): Promise<Page>;
  /** The path and query of a link in a mail, on this app: the test app's public URL has port 0. */
  local(link: string): string;
}

/**
 * Starts the portal for the tests of the describe it is called in: the real app on a fresh
 * database, serving the built web/dist, with the captcha off, and a headless Chromium.
 */
export function usePortal({ smtp, clock, env, viewport = DESKTOP }: PortalOptions = {}): Portal {
  let server: TestApp | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  const contexts: BrowserContext[] = [];
  /** What the portal's Content-Security-Policy blocked, as Chromium reports it: must stay empty. */
  const blocked: string[] = [];

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp?.start();
    server = await createTestApp({
      clock,
      env: {
        NIMBUS_WEB_DIR: webDir,
        NIMBUS_CAPTCHA: 'off',
        ...(smtpPort === undefined ? {} : { NIMBUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }),
        ...env?.(),
      },
    });
    baseUrl = await listen(server.app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await smtp?.stop();
    expect(blocked, 'the Content-Security-Policy blocked part of the portal').toEqual([]);
  });

  const portal: Portal = {
    get baseUrl() {
      return baseUrl;
    },
    get app() {
      if (server === undefined) throw new Error('the server did not start');
      return server.app;
    },
    async newContext(options = {}) {
      if (browser === undefined) throw new Error('the browser did not start');
      const context = await browser.newContext({ locale: 'en-US', viewport, ...options });
      contexts.push(context);
      return context;
    },
    async newPage(context) {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('console', (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) blocked.push(message.text());
      });
      // The page's own report of each violation (scripts, WebAssembly, workers, styles), from a script
      // the browser injects itself, which the policy does not cover.
      await page.exposeFunction('nimbusCspViolation', (report: string) => blocked.push(report));
      await page.addInitScript(
        "document.addEventListener('securitypolicyviolation', (event) => window.nimbusCspViolation(event.violatedDirective + ' ' + event.blockedURI))",
      );
      return page;
    },
    async open(context, pathname) {
      const page = await portal.newPage(context);
      await page.goto(new URL(pathname, baseUrl).href);
      return page;
    },
    local(line) {
      const link = new URL(line);
      return new URL(`${link.pathname}${link.search}`, baseUrl).href;
    },
  };
  return portal;
}

/** Fills the sign-up form for an e-mail address, all but the captcha; the region only when given. */
export async function fillEmailSignUp(
  page: Page,
  person: {
    email: string;
    password: string;
    /** Its name as the list shows it, in English. */
    region?: string;
    birthDate: { day: number; month: number; year: number };
  },
): Promise<void> {
  await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
  await page.getByRole('textbox', { name: en.register.email, exact: true }).fill(person.email);
  if (person.region !== undefined) {
    await page.getByRole('textbox', { name: en.register.region }).fill(person.region);
    await page.getByRole('option', { name: person.region, exact: true }).click();
  }
  const { day, month, year } = person.birthDate;
  await page.getByLabel(en.register.birthDateParts.day).selectOption(String(day));
  await page.getByLabel(en.register.birthDateParts.month).selectOption(String(month));
  await page.getByLabel(en.register.birthDateParts.year).selectOption(String(year));
  await page.getByRole('textbox', { name: en.register.password, exact: true }).fill(person.password);
}

/** On the sign-in page, in the language of `words`: types the login and the password and sends them. */
export async function submitSignIn(page: Page, login: string, password: string, words: SignInWords = en) {
  await page.getByRole('heading', { level: 1, name: words.signIn.title }).waitFor();
  await page.getByLabel(words.signIn.login).fill(login);
  await page.getByRole('textbox', { name: words.signIn.password, exact: true }).fill(password);
  await page.getByRole('button', { name: words.signIn.submit, exact: true }).click();
}

/**
 * Signs in on a browser the account has not used: the login and password, then the code mailed
 * for it. Returns once the code is typed (its sixth digit sends it); the test waits for its page.
 */
export async function signInWithMailedCode(
  page: Page,
  smtp: TestMailbox,
  email: string,
  password: string,
  words: SignInWords = en,
): Promise<void> {
  const mailedCode = smtp.nextCode(email);
  await submitSignIn(page, email, password, words);
  await page.getByRole('heading', { level: 1, name: words.verify.title }).waitFor();
  await page.getByLabel(words.verify.code).fill(await mailedCode());
}
