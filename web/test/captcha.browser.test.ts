import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp } from '../../server/src/test/app.js';
import { requireSuite } from '../../server/src/test/suites.js';
import { launchBrowser, requireBuiltPortal, screenshot, webDir } from './browser.js';
import { en } from '../src/locales/index.js';

/** Fills the sign-up form except the captcha. */
async function fillRegistration(page: Page, email: string) {
  await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
  await page.getByRole('textbox', { name: en.register.email, exact: true }).fill(email);
  await page.getByLabel(en.register.birthDateParts.day).selectOption('2');
  await page.getByLabel(en.register.birthDateParts.month).selectOption('7');
  await page.getByLabel(en.register.birthDateParts.year).selectOption('1985');
  await page.getByRole('textbox', { name: en.register.password, exact: true }).fill('Sturm-und-Drang-1776');
}

describe.runIf(requireSuite('browser'))('the captcha of the sign-up form', () => {
  const servers: TestApp[] = [];
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  async function openRegister(captcha: 'altcha' | 'image'): Promise<Page> {
    const server = await createTestApp({ env: { NIMBUS_WEB_DIR: webDir, NIMBUS_CAPTCHA: captcha } });
    servers.push(server);
    const baseUrl = await listen(server.app);
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(new URL('/register', baseUrl).href);
    return page;
  }

  beforeAll(async () => {
    requireBuiltPortal();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('solves the server’s ALTCHA challenge in the widget and registers', async () => {
    const page = await openRegister('altcha');
    await fillRegistration(page, 'altcha.user@example.org');
    // The widget starts its proof of work when the form gets focus; submitting waits for it, or
    // starts it when it has not begun.
    await page.locator('altcha-widget').getByRole('checkbox').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: en.checkEmail.title }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
    await page.getByText(en.captcha.altcha.label).waitFor();
    await screenshot(page, 'captcha-altcha-en');
  });

  it('shows the image captcha, and a wrong answer next to it with a new picture', async () => {
    const page = await openRegister('image');
    await fillRegistration(page, 'image.user@example.org');
    const image = page.getByRole('img', { name: en.captcha.image.alt });
    await image.waitFor();
    const first = await image.getAttribute('src');
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByText(en.captcha.required).waitFor();

    await page.getByRole('textbox', { name: en.captcha.image.label }).fill('nope');
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByText(en.captcha.failed).waitFor();
    await expect.poll(() => image.getAttribute('src')).not.toBe(first);
    await screenshot(page, 'captcha-image-en');
  });
});
