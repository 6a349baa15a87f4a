import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp } from '../../server/src/test/app.js';
import { requireSuite } from '../../server/src/test/suites.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, TestSmtpServer, webDir } from './browser.js';
import { en } from '../src/locales/index.js';

const PHONE = { width: 360, height: 780 };
/** Lines of their own in the mails: the activation and reset links, and the 6-digit code. */
const ACTIVATION_LINK = /^https?:\/\/\S+\/activate\?token=\S+$/m;
const RESET_LINK = /^https?:\/\/\S+\/recover\?token=\S+$/m;
const CODE = /^(\d{6})$/m;

describe.runIf(requireSuite('browser'))('password recovery in the portal', () => {
  const smtp = new TestSmtpServer();
  let server: TestApp | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  const account = { email: 'mira.lind@example.org', password: 'Alte-Wolke-17-Nord', newPassword: 'Neuer-Regen-58-Süd' };

  /** The path and query of a link in a mail: the test server's public URL has port 0. */
  const local = (line: string) => {
    const link = new URL(line);
    return new URL(`${link.pathname}${link.search}`, baseUrl).href;
  };

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
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
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('resets a forgotten password from the mailed link and signs in with the new one', async () => {
    // An active account, made through the API.
    const registered = await post('/api/v1/accounts/email', {
      email: account.email,
      region: 'DE',
      birthDate: '1990-03-14',
      password: account.password,
      locale: 'en',
      marketingOptIn: false,
    });
    expect(registered.status).toBe(202);
    const [activation] = await smtp.waitFor(account.email, ACTIVATION_LINK);
    const activated = await post('/api/v1/accounts/activate', { token: new URL(activation).searchParams.get('token') });
    expect(activated.status).toBe(200);

    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', viewport: PHONE });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(new URL('/sign-in', baseUrl).href);
      await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
      await page.getByRole('link', { name: en.signIn.forgot }).click();
      await page.getByRole('heading', { level: 1, name: en.recover.title }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/recover');

      await page.getByLabel(en.signIn.login).fill(account.email);
      await page.getByRole('button', { name: en.recover.submit, exact: true }).click();
      await page.getByRole('status').getByText(en.recover.sent).waitFor();
      await page.getByRole('button', { name: /Send again in \d:\d\d/ }).waitFor();
      // An e-mail gets a link, so no code field.
      expect(await page.getByLabel(en.recover.code).count()).toBe(0);
      expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
      await screenshot(page, 'recovery-sent-en-360');

      const [reset] = await smtp.waitFor(account.email, RESET_LINK);
      await page.goto(local(reset));
      await page.getByRole('heading', { level: 1, name: en.recover.linkTitle }).waitFor();
      const password = page.getByRole('textbox', { name: en.recover.newPassword, exact: true });
      await password.fill(account.newPassword);
      expect(await page.locator('[data-rule="length"]').getAttribute('data-met')).toBe('true');
      await page.getByRole('button', { name: en.recover.change }).click();
      await page.getByRole('heading', { level: 1, name: en.recover.doneTitle }).waitFor();
      await page.getByText(en.recover.doneText).waitFor();
      expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
      await screenshot(page, 'recovery-done-en-360', { minInk: 0.02 });

      await page.locator('#main').getByRole('link', { name: en.recover.toSignIn, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
      await page.getByLabel(en.signIn.login).fill(account.email);
      await page.getByRole('textbox', { name: en.signIn.password, exact: true }).fill(account.newPassword);
      await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
      // A browser the account has not used: the code from the mail.
      await page.getByRole('heading', { level: 1, name: en.verify.title }).waitFor();
      const [, code = ''] = await smtp.waitFor(account.email, CODE);
      await page.getByLabel(en.verify.code).fill(code);
      await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');
    } finally {
      await context.close();
    }
  });
});
