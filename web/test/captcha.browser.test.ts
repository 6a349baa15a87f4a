import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requireSuite } from '../../server/src/test/index.js';
import { fillEmailSignUp, type Portal, usePortal } from './account-steps.js';
import { screenshot } from './browser.js';
import { en } from '../src/locales/index.js';

/** The sign-up form filled in but for the captcha. */
async function openFilledRegistration(portal: Portal, email: string): Promise<Page> {
  const page = await portal.open(await portal.newContext(), '/register');
  await fillEmailSignUp(page, {
    email,
    password: 'Sturm-und-Drang-1776',
    birthDate: { day: 2, month: 7, year: 1985 },
  });
  return page;
}

describe.runIf(requireSuite('browser'))('the captcha of the sign-up form', () => {
  describe('ALTCHA', () => {
    const portal = usePortal({ env: () => ({ NIMBUS_CAPTCHA: 'altcha' }) });

    it('solves the server’s ALTCHA challenge in the widget and registers', async () => {
      const page = await openFilledRegistration(portal, 'altcha.user@example.org');
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
  });

  describe('image', () => {
    const portal = usePortal({ env: () => ({ NIMBUS_CAPTCHA: 'image' }) });

    it('shows the image captcha, and a wrong answer next to it with a new picture', async () => {
      const page = await openFilledRegistration(portal, 'image.user@example.org');
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
});
