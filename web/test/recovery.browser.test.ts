import { describe, expect, it } from 'vitest';
import { requireSuite, TestMailbox } from '../../server/src/test/index.js';
import { accountSession, expectFits, PHONE, signInWithMailedCode, usePortal } from './account-steps.js';
import { screenshot } from './browser.js';
import { en } from '../src/locales/index.js';

/** A line of its own in the mail: the reset link. */
const RESET_LINK = /^https?:\/\/\S+\/recover\?token=\S+$/m;

describe.runIf(requireSuite('browser'))('password recovery in the portal', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp, viewport: PHONE });
  const account = { email: 'mira.lind@example.org', password: 'Alte-Wolke-17-Nord', newPassword: 'Neuer-Regen-58-Süd' };

  it('resets a forgotten password from the mailed link and signs in with the new one', async () => {
    await accountSession(portal, smtp, account.email, account.password);

    const page = await portal.open(await portal.newContext(), '/sign-in');
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
    await expectFits(page);
    await screenshot(page, 'recovery-sent-en-360');

    const [reset] = await smtp.waitFor(account.email, RESET_LINK);
    await page.goto(portal.local(reset));
    await page.getByRole('heading', { level: 1, name: en.recover.linkTitle }).waitFor();
    const password = page.getByRole('textbox', { name: en.recover.newPassword, exact: true });
    await password.fill(account.newPassword);
    expect(await page.locator('[data-rule="length"]').getAttribute('data-met')).toBe('true');
    await page.getByRole('button', { name: en.recover.change }).click();
    await page.getByRole('heading', { level: 1, name: en.recover.doneTitle }).waitFor();
    await page.getByText(en.recover.doneText).waitFor();
    await expectFits(page);
    await screenshot(page, 'recovery-done-en-360', { minInk: 0.02 });

    await page.locator('#main').getByRole('link', { name: en.recover.toSignIn, exact: true }).click();
    // A browser the account has not used: the code from the mail.
    await signInWithMailedCode(page, smtp, account.email, account.newPassword);
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });
});
