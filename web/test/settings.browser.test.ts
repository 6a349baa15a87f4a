import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requireSuite, TestMailbox } from '../../server/src/test/index.js';
import {
  accountSession,
  expectFits,
  fill,
  PHONE,
  postJson,
  signInWithMailedCode,
  submitSignIn,
  usePortal,
} from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru, zh } from '../src/locales/index.js';

/** A phone's Chrome, so "Security activity" has a phone to name next to the desktop's headless Chrome. */
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

describe.runIf(requireSuite('browser'))('profile, password and security activity in the portal', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp });

  /** The error Mantine shows under a field, found through the field's aria-describedby. */
  async function errorOf(page: Page, field: Locator): Promise<string> {
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  }

  const eventsOf = (page: Page, label: string) => page.getByRole('list', { name: label }).locator(':scope > li');
  const typesOf = async (events: Locator) =>
    Promise.all((await events.all()).map((item) => item.getAttribute('data-type')));
  const isFocused = async (locator: Locator) => (await locator.and(locator.page().locator(':focus')).count()) === 1;

  it('edits the profile, changes the password, signs the other browser out and lists it all', async () => {
    const account = {
      email: 'sofia.lehmann@example.org',
      password: 'Stille-Bucht-24-Ost',
      newPassword: 'Helle-Düne-71-West',
    };
    await accountSession(portal, smtp, account.email, account.password);

    // The desktop browser signs in with the code from the mail and lands on the page it asked for.
    const page = await portal.open(await portal.newContext(), '/account/profile');
    await signInWithMailedCode(page, smtp, account.email, account.password);
    await page.getByRole('heading', { level: 1, name: en.profile.title }).waitFor();
    const main = page.locator('#main');
    await main.getByRole('link', { name: en.settingsPage.back }).waitFor();
    expect(await page.title()).toBe(`${en.profile.title} · ${en.app.name}`);
    const region = page.getByRole('textbox', { name: en.register.region });
    expect(await region.inputValue()).toBe('Germany');
    expect(await main.getByLabel(en.register.birthDateParts.day).inputValue()).toBe('14');

    // A phone signs in too: the browser the password change will sign out.
    const phone = await portal.newContext({ viewport: PHONE, userAgent: ANDROID_CHROME });
    const phonePage = await portal.open(phone, '/account/security');
    await signInWithMailedCode(phonePage, smtp, account.email, account.password);
    await phonePage.getByRole('heading', { level: 1, name: en.securityActivity.title }).waitFor();
    await eventsOf(phonePage, en.securityActivity.listLabel).first().waitFor();
    await expectFits(phonePage);
    await screenshot(phonePage, 'settings-security-en-360');
    await phonePage.goto(new URL('/account/profile', portal.baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: en.profile.title }).waitFor();
    await expectFits(phonePage);
    await screenshot(phonePage, 'settings-profile-en-360');

    // An untouched form has nothing to save.
    await page.getByRole('button', { name: en.profile.save }).click();
    await page.getByRole('status').getByText(en.profile.unchanged).waitFor();
    // A name the server cannot store is said next to the field, before anything is sent.
    const name = page.getByRole('textbox', { name: en.profile.displayName });
    await name.fill('S'.repeat(65));
    await page.getByRole('button', { name: en.profile.save }).click();
    expect(await errorOf(page, name)).toContain(fill(en.profile.errors.displayNameTooLong, { max: 64 }));
    await screenshot(page, 'settings-profile-error-en');

    await name.fill('  Sofia Lehmann ');
    await region.fill('Austr');
    await page.getByRole('option', { name: 'Austria' }).click();
    await main.getByLabel(en.profile.language).selectOption({ label: 'Русский' });
    await page.getByRole('button', { name: en.profile.save }).click();
    // Saved in the account, and the portal now speaks the language just chosen.
    await page.getByRole('status').getByText(ru.profile.saved).waitFor();
    await page.getByRole('heading', { level: 1, name: ru.profile.title }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('ru');
    expect(await page.getByRole('textbox', { name: ru.register.region }).inputValue()).toBe('Австрия');
    expect(await page.getByRole('textbox', { name: ru.profile.displayName }).inputValue()).toBe('Sofia Lehmann');
    await screenshot(page, 'settings-profile-ru');

    await main.getByRole('link', { name: ru.settingsPage.back }).click();
    await page.getByRole('heading', { level: 1, name: ru.account.title }).waitFor();
    await main.getByText(fill(ru.account.greeting, { name: 'Sofia Lehmann' })).waitFor();
    await main.getByText('Австрия', { exact: true }).waitFor();
    await main.getByText('Русский', { exact: true }).waitFor();

    // The password: a wrong current one first, then a common new one, then both right.
    await page.goto(new URL('/account/password', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: ru.changePassword.title }).waitFor();
    const current = page.getByRole('textbox', { name: ru.changePassword.current, exact: true });
    const next = page.getByRole('textbox', { name: ru.changePassword.new, exact: true });
    const confirm = page.getByRole('textbox', { name: ru.changePassword.confirm, exact: true });
    const submit = page.getByRole('button', { name: ru.changePassword.submit, exact: true });
    await current.fill('Not-my-password-3');
    await next.fill(account.newPassword);
    await confirm.fill(account.newPassword);
    await submit.click();
    await page.getByText(ru.changePassword.errors.currentWrong).waitFor();
    expect(await errorOf(page, current)).toContain(ru.changePassword.errors.currentWrong);
    await expect.poll(() => isFocused(current)).toBe(true);
    await screenshot(page, 'settings-password-error-ru');

    await current.fill(account.password);
    await next.fill('password1');
    await confirm.fill('password1');
    await submit.click();
    await page.getByText(ru.password.problems.too_common).waitFor();
    expect(await errorOf(page, next)).toContain(ru.password.problems.too_common);

    await next.fill(account.newPassword);
    await confirm.fill(account.newPassword);
    await submit.click();
    const done = page.getByRole('status');
    await done.getByText(ru.changePassword.done).waitFor();
    await done.getByText(ru.changePassword.othersSignedOut).waitFor();
    expect(await current.inputValue()).toBe('');
    await screenshot(page, 'settings-password-done-ru');

    // The phone was signed out: it sees the sign-in page, where the old password no longer works.
    await phonePage.goto(new URL('/account/security', portal.baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    await submitSignIn(phonePage, account.email, account.password);
    await phonePage.getByRole('alert').getByText(en.errors.invalidCredentials).waitFor();
    // The new one does, with a code again: a password change forgets the browsers the account trusted
    // (all but the one that changed it).
    await signInWithMailedCode(phonePage, smtp, account.email, account.newPassword);
    await phonePage.getByRole('heading', { level: 1, name: en.securityActivity.title }).waitFor();

    // Everything above, newest first, in Russian on the desktop.
    await page.goto(new URL('/account/security', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: ru.securityActivity.title }).waitFor();
    const events = eventsOf(page, ru.securityActivity.listLabel);
    await events.first().waitFor();
    expect(await typesOf(events)).toEqual([
      'signed_in',
      'new_device_verified',
      'sign_in_failed',
      'password_changed',
      'signed_in',
      'new_device_verified',
      'signed_in',
      'new_device_verified',
      'signed_in',
      'account_activated',
      'account_created',
    ]);
    const onPhone = fill(ru.sessions.browserOn, { browser: 'Chrome 126', os: 'Android 14' });
    await expect.poll(() => events.nth(0).textContent()).toContain(ru.securityActivity.events.signedIn);
    expect(await events.nth(0).textContent()).toContain(onPhone);
    expect(await events.nth(2).textContent()).toContain(ru.securityActivity.events.signInFailed);
    const changed = events.nth(3);
    expect(await changed.textContent()).toContain(ru.securityActivity.events.passwordChanged);
    expect(await changed.textContent()).toContain('127.0.0.1');
    expect(await changed.textContent()).not.toContain(onPhone);
    expect(await events.nth(5).textContent()).toContain(ru.securityActivity.events.newDeviceByEmail);
    // The time, in Russian, as a machine-readable <time> too.
    expect(await changed.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await changed.locator('time').textContent()).toMatch(/\d{4} г\./);
    expect(await page.getByRole('button', { name: ru.securityActivity.showMore }).count()).toBe(0);
    await screenshot(page, 'settings-security-ru');

    await phonePage.reload();
    await eventsOf(phonePage, en.securityActivity.listLabel).first().waitFor();
    await expectFits(phonePage);
    await screenshot(phonePage, 'settings-security-after-en-360');
    // The same list in Chinese, the language with the most different sentences.
    await phonePage.evaluate("localStorage.setItem('nimbus.language', 'zh')");
    await phonePage.reload();
    await phonePage.getByRole('heading', { level: 1, name: zh.securityActivity.title }).waitFor();
    const chinese = eventsOf(phonePage, zh.securityActivity.listLabel);
    expect(await chinese.nth(3).textContent()).toContain(zh.securityActivity.events.passwordChanged);
    await expectFits(phonePage);
    await screenshot(phonePage, 'settings-security-zh-360');
    await phonePage.evaluate("localStorage.setItem('nimbus.language', 'en')");
    await phonePage.goto(new URL('/account/password', portal.baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: en.changePassword.title }).waitFor();
    await phonePage.getByRole('button', { name: en.changePassword.submit, exact: true }).click();
    await phonePage.getByText(en.changePassword.errors.currentRequired).waitFor();
    await phonePage.getByText(en.changePassword.errors.confirmRequired).waitFor();
    await expectFits(phonePage);
    await screenshot(phonePage, 'settings-password-errors-en-360');
  });

  it('shows older activity on "Show more"', async () => {
    const account = { email: 'jonas.berg@example.org', password: 'Weite-Felder-38-Süd' };
    const api = await accountSession(portal, smtp, account.email, account.password);
    // 30 events more than the 3 of creation and activation: "sign out all other sessions", from the API.
    for (let round = 0; round < 30; round++) {
      const revoked = await postJson(portal.baseUrl, '/api/v1/sessions/revoke-others', undefined, {
        cookie: api.cookieHeader,
        'x-csrf-token': api.csrfToken,
      });
      expect(revoked.status).toBe(200);
    }

    const page = await portal.open(await portal.newContext({ locale: 'ru-RU', viewport: PHONE }), '/account/security');
    await signInWithMailedCode(page, smtp, account.email, account.password, ru);
    await page.getByRole('heading', { level: 1, name: ru.securityActivity.title }).waitFor();

    const events = eventsOf(page, ru.securityActivity.listLabel);
    await expect.poll(() => events.count()).toBe(25);
    expect(await events.nth(2).textContent()).toContain(ru.securityActivity.events.noOtherSessions);
    const more = page.getByRole('button', { name: ru.securityActivity.showMore });
    await more.click();
    // 30 sign-outs, the new browser's code and sign-in, and creation, activation and its sign-in.
    await expect.poll(() => events.count()).toBe(35);
    // Focus moves to the first event the button brought, so a keyboard user reads on from there.
    await expect.poll(() => isFocused(events.nth(25))).toBe(true);
    expect(await typesOf(events)).toEqual([
      'signed_in',
      'new_device_verified',
      ...Array<string>(30).fill('session_revoked'),
      'signed_in',
      'account_activated',
      'account_created',
    ]);
    expect(await more.count()).toBe(0);
    await expectFits(page);
    await screenshot(page, 'settings-security-more-ru-360');
  });
});
