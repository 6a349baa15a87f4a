import { describe, expect, it } from 'vitest';
import { requireSuite, TestMailbox } from '../../server/src/test/index.js';
import {
  ACTIVATION_LINK,
  CODE,
  expectFits,
  fill,
  fillEmailSignUp,
  PHONE,
  submitSignIn,
  usePortal,
} from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru } from '../src/locales/index.js';

describe.runIf(requireSuite('browser'))('accounts in the portal', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp });
  const account = { email: 'anna.schmidt@example.org', password: 'Wolken-über-42-Bergen', number: '' };

  it('registers by e-mail, activates from the mail and shows the account', async () => {
    const page = await portal.open(await portal.newContext(), '/register');
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();

    // Preselected from the browser's language, en-US.
    expect(await page.getByRole('textbox', { name: en.register.region }).inputValue()).toBe('United States');
    await fillEmailSignUp(page, { ...account, region: 'Germany', birthDate: { day: 14, month: 3, year: 1990 } });
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
    await page.goto(portal.local(line));
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
    const context = await portal.newContext();
    const page = await portal.open(context, '/account');
    // Pages that need a session send the user to sign in, and back after.
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    expect(new URL(page.url()).search).toBe('?next=%2Faccount');

    await submitSignIn(page, account.email, account.password);
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
    const phone = await portal.newContext({ locale: 'ru-RU', viewport: PHONE });
    await phone.addCookies(await context.cookies());
    const phonePage = await portal.open(phone, '/account');
    await phonePage.getByRole('heading', { level: 1, name: ru.account.title }).waitFor();
    await phonePage.getByText('Германия', { exact: true }).waitFor();
    await expectFits(phonePage);
    await screenshot(phonePage, 'accounts-account-ru-360');

    await phonePage.goto(new URL('/account/sessions', portal.baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: ru.sessions.title }).waitFor();
    await phonePage.getByText(ru.sessions.thisDevice).waitFor();
    await expectFits(phonePage);
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
    await page.goto(new URL('/account/sessions', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
  });

  it('shows a wrong password next to the form, and the password rules live as the user types', async () => {
    const page = await portal.open(await portal.newContext(), '/sign-in');
    await submitSignIn(page, account.number, 'not-the-password-1');
    const alert = page.locator('form').getByRole('alert');
    await alert.getByText(en.errors.invalidCredentials).waitFor();
    expect(await page.getByLabel(en.signIn.login).inputValue()).toBe(account.number);
    await screenshot(page, 'accounts-sign-in-error-en');

    const phone = await portal.newContext({ locale: 'ru-RU', viewport: PHONE });
    const register = await portal.open(phone, '/register');
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
    await expectFits(register);
    await screenshot(register, 'accounts-register-ru-360');

    await password.fill('abcdefg1');
    for (const name of ['length', 'letter', 'digit']) expect(await met(name), name).toBe(true);

    // The code step on a Russian phone, signing in with the account number.
    const signIn = await portal.open(phone, '/sign-in');
    await submitSignIn(signIn, account.number, account.password, ru);
    await signIn.getByRole('heading', { level: 1, name: ru.verify.title }).waitFor();
    await signIn.getByText('an***@example.org').waitFor();
    await expectFits(signIn);
    await screenshot(signIn, 'accounts-verify-ru-360');
    // A wrong code is said next to the field.
    await signIn.getByLabel(ru.verify.code).fill('000000');
    await signIn.getByText(ru.errors.codeInvalid).waitFor();
  });

  it('explains activation links that are used up or broken', async () => {
    const context = await portal.newContext();
    const used = await portal.open(context, `/activate?token=${'x'.repeat(43)}`);
    await used.getByRole('heading', { level: 1, name: en.activate.invalidTitle }).waitFor();
    await used.locator('#main').getByRole('link', { name: en.activate.toSignIn, exact: true }).waitFor();
    const missing = await portal.open(context, '/activate');
    await missing.getByRole('heading', { level: 1, name: en.activate.invalidTitle }).waitFor();
  });
});
