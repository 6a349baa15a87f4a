import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp } from '../../server/src/test/app.js';
import { requireSuite } from '../../server/src/test/suites.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, TestSmtpServer, webDir } from './browser.js';
import { en, ru } from '../src/locales/index.js';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 860 };
/** Lines of their own in the mails: the activation link, and the 6-digit code. */
const ACTIVATION_LINK = /^https?:\/\/\S+\/activate\?token=\S+$/m;
const CODE = /^(\d{6})$/m;

/** A translation with its {{placeholders}} filled in, as i18next would. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

describe.runIf(requireSuite('browser'))('accounts in the portal', () => {
  const smtp = new TestSmtpServer();
  let server: TestApp | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const account = { email: 'anna.schmidt@example.org', password: 'Wolken-über-42-Bergen', number: '' };

  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', viewport: DESKTOP, ...options });
    contexts.push(context);
    return context;
  }

  async function open(context: BrowserContext, pathname: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(new URL(pathname, baseUrl).href);
    return page;
  }

  async function expectFitsPhone(page: Page) {
    expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
  }

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp.start();
    server = await createTestApp({
      env: { NIMBUS_WEB_DIR: webDir, NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    });
    baseUrl = await listen(server.app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('registers by e-mail, activates from the mail and shows the account', async () => {
    const context = await newContext();
    const page = await open(context, '/register');
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();

    await page.getByRole('textbox', { name: en.register.email, exact: true }).fill(account.email);
    // Preselected from the browser's language, en-US.
    expect(await page.getByRole('textbox', { name: en.register.region }).inputValue()).toBe('United States');
    await page.getByRole('textbox', { name: en.register.region }).fill('Germ');
    await page.getByRole('option', { name: 'Germany' }).click();
    await page.getByLabel(en.register.birthDateParts.day).selectOption('14');
    await page.getByLabel(en.register.birthDateParts.month).selectOption({ label: 'March' });
    await page.getByLabel(en.register.birthDateParts.year).selectOption('1990');
    await page.getByRole('textbox', { name: en.register.password, exact: true }).fill(account.password);
    // Captcha off: nothing to solve. News and offers stay unticked unless the user ticks them.
    expect(await page.getByRole('checkbox', { name: en.register.marketing }).isChecked()).toBe(false);
    await screenshot(page, 'accounts-register-en');

    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: en.checkEmail.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/register/check-email');
    await page.getByText(account.email, { exact: true }).waitFor();
    const resend = page.getByRole('button', { name: /Resend activation e-mail in \d:\d\d/ });
    expect(await resend.isDisabled()).toBe(true);
    await screenshot(page, 'accounts-check-email-en');

    const [line] = await smtp.waitFor(account.email, ACTIVATION_LINK);
    // The test server's public URL has port 0; the path and token are what matter.
    const link = new URL(line);
    await page.goto(new URL(`${link.pathname}${link.search}`, baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.activate.doneTitle }).waitFor();
    account.number = (await page.getByTestId('account-number').textContent()) ?? '';
    expect(account.number).toMatch(/^\d{10}$/);

    await page.getByRole('link', { name: en.activate.toAccount }).click();
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    expect(await page.getByTestId('account-number').textContent()).toBe(account.number);
    const main = page.locator('#main');
    await main.getByText(account.email, { exact: true }).waitFor();
    await main.getByText(en.account.verified, { exact: true }).waitFor();
    await main.getByText('Germany', { exact: true }).waitFor();
    await main.getByText('March 14, 1990', { exact: true }).waitFor();
    await page.getByRole('button', { name: fill(en.header.accountMenu, { name: account.email }) }).waitFor();
    await screenshot(page, 'accounts-account-en');
  });

  it('signs in on a new browser with the code from the mail, lists the sessions and signs out', async () => {
    const context = await newContext();
    const page = await open(context, '/account');
    // Pages that need a session send the user to sign in, and back after.
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    expect(new URL(page.url()).search).toBe('?next=%2Faccount');

    await page.getByLabel(en.signIn.login).fill(account.email);
    await page.getByRole('textbox', { name: en.signIn.password, exact: true }).fill(account.password);
    await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: en.verify.title }).waitFor();
    await page.getByText('an***@example.org').waitFor();
    const codeInput = page.getByLabel(en.verify.code);
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await page.getByRole('button', { name: /Resend code in \d:\d\d/ }).waitFor();
    await screenshot(page, 'accounts-verify-en');

    const [, code = ''] = await smtp.waitFor(account.email, CODE);
    await codeInput.fill(code);
    // The sixth digit sends the code.
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.getByRole('button', { name: fill(en.header.accountMenu, { name: account.email }) }).click();
    await page.getByRole('menuitem', { name: en.header.sessions }).click();
    await page.getByRole('heading', { level: 1, name: en.sessions.title }).waitFor();
    const sessions = page.getByRole('list', { name: en.sessions.listLabel }).getByRole('listitem');
    await expect.poll(() => sessions.count()).toBe(2);
    expect(await sessions.first().getByText(en.sessions.thisDevice).count()).toBe(1);
    await screenshot(page, 'accounts-sessions-en');

    // The same session on a Russian phone.
    const phone = await newContext({ locale: 'ru-RU', viewport: PHONE });
    await phone.addCookies(await context.cookies());
    const phonePage = await open(phone, '/account');
    await phonePage.getByRole('heading', { level: 1, name: ru.account.title }).waitFor();
    await phonePage.getByText('Германия', { exact: true }).waitFor();
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'accounts-account-ru-360');

    await phonePage.goto(new URL('/account/sessions', baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: ru.sessions.title }).waitFor();
    await phonePage.getByText(ru.sessions.thisDevice).waitFor();
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'accounts-sessions-ru-360');

    // Signing out the others ends the session that activation opened.
    await phonePage.getByRole('button', { name: ru.sessions.signOutOthers }).click();
    await phonePage.getByRole('dialog', { name: ru.sessions.confirmTitle }).waitFor();
    await phonePage.getByRole('button', { name: ru.sessions.confirm, exact: true }).click();
    await phonePage.getByText(fill(ru.sessions.signedOutOthers_one, { count: 1 })).waitFor();
    const phoneSessions = phonePage.getByRole('list', { name: ru.sessions.listLabel }).getByRole('listitem');
    await expect.poll(() => phoneSessions.count()).toBe(1);

    await page.getByRole('button', { name: fill(en.header.accountMenu, { name: account.email }) }).click();
    await page.getByRole('menuitem', { name: en.header.signOut }).click();
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    await page.getByRole('banner').getByRole('link', { name: en.header.signIn, exact: true }).waitFor();
    await page.goto(new URL('/account/sessions', baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
  });

  it('shows a wrong password next to the form, and the password rules live as the user types', async () => {
    const context = await newContext();
    const page = await open(context, '/sign-in');
    await page.getByLabel(en.signIn.login).fill(account.number);
    await page.getByRole('textbox', { name: en.signIn.password, exact: true }).fill('not-the-password-1');
    await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
    const alert = page.locator('form').getByRole('alert');
    await alert.getByText(en.errors.invalidCredentials).waitFor();
    expect(await page.getByLabel(en.signIn.login).inputValue()).toBe(account.number);
    await screenshot(page, 'accounts-sign-in-error-en');

    const phone = await newContext({ locale: 'ru-RU', viewport: PHONE });
    const register = await open(phone, '/register');
    await register.getByRole('heading', { level: 1, name: ru.register.title }).waitFor();
    expect(await register.getByRole('textbox', { name: ru.register.region }).inputValue()).toBe('Россия');
    const rule = (name: string) => register.locator(`[data-rule="${name}"]`);
    const met = async (name: string) => (await rule(name).getAttribute('data-met')) === 'true';
    const password = register.getByRole('textbox', { name: ru.register.password, exact: true });

    await password.fill('abc');
    expect(await met('length')).toBe(false);
    expect(await met('digit')).toBe(false);
    expect(await met('letter')).toBe(true);
    await rule('length')
      .getByText(fill(ru.password.rules.length, { min: 8 }))
      .waitFor();
    await register.getByRole('button', { name: ru.register.submit }).click();
    // Each problem is said next to its field, in Russian.
    await register.getByText(ru.register.errors.emailRequired).waitFor();
    await register.getByText(ru.register.errors.birthDate.incomplete).waitFor();
    await register.getByText(ru.register.errors.passwordRules).waitFor();
    await expectFitsPhone(register);
    await screenshot(register, 'accounts-register-ru-360');

    await password.fill('abcdefg1');
    for (const name of ['length', 'letter', 'digit']) expect(await met(name), name).toBe(true);

    // The code step on a Russian phone, signing in with the account number.
    const signIn = await open(phone, '/sign-in');
    await signIn.getByLabel(ru.signIn.login).fill(account.number);
    await signIn.getByRole('textbox', { name: ru.signIn.password, exact: true }).fill(account.password);
    await signIn.getByRole('button', { name: ru.signIn.submit, exact: true }).click();
    await signIn.getByRole('heading', { level: 1, name: ru.verify.title }).waitFor();
    await signIn.getByText('an***@example.org').waitFor();
    await expectFitsPhone(signIn);
    await screenshot(signIn, 'accounts-verify-ru-360');
    // A wrong code is said next to the field.
    await signIn.getByLabel(ru.verify.code).fill('000000');
    await signIn.getByText(ru.errors.codeInvalid).waitFor();
  });

  it('explains activation links that are used up or broken', async () => {
    const context = await newContext();
    const used = await open(context, `/activate?token=${'x'.repeat(43)}`);
    await used.getByRole('heading', { level: 1, name: en.activate.invalidTitle }).waitFor();
    await used.locator('#main').getByRole('link', { name: en.activate.toSignIn, exact: true }).waitFor();
    const missing = await open(context, '/activate');
    await missing.getByRole('heading', { level: 1, name: en.activate.invalidTitle }).waitFor();
  });
});
