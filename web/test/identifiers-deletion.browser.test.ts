import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Clock,
  DAY,
  HOUR,
  MINUTE,
  requireSuite,
  RESEND_COOLDOWN,
  TestMailbox,
} from '../../server/src/test/index.js';
import {
  accountSession,
  ACTIVATION_LINK,
  CODE,
  DESKTOP,
  expectFits,
  fill,
  fillEmailSignUp,
  PHONE,
  submitSignIn,
  usePortal,
} from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru, zh } from '../src/locales/index.js';

const SMS_CODE = /\b(\d{6})\b/;
/** The words of the mails the server sends about the changes (server/src/core/messages/locales/en.ts). */
const EMAIL_CHANGED = /address of your Nimbus account was just changed to (\S+)\./;
const DELETION_SCHEDULED = /It will be deleted for good on (.+), together with everything stored in it\./;
const DELETION_CANCELLED = /the deletion of your Nimbus account was cancelled/;
const ACCOUNT_DELETED = /your Nimbus account has been deleted/;

/** Real time, moved on as far as a test asks: the purge is due a week after the deletion. */
class MovableClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(milliseconds: number): void {
    this.offset += milliseconds;
  }
}

interface SessionBody {
  account: { id: string; number: string; status: string; deletionDueAt: string | null };
}

describe.runIf(requireSuite('browser'))('e-mail, phone and deleting the account in the portal', () => {
  const smtp = new TestMailbox();
  const clock = new MovableClock();
  const portal = usePortal({ smtp, clock, viewport: PHONE });

  /** How many mails to `address` match `pattern` so far: the next one is found by skipping them. */
  const mailsMatching = (address: string, pattern: RegExp) =>
    smtp.received.filter((mail) => mail.to.includes(address) && pattern.test(mail.text)).length;

  /**
   * The 6-digit code of the SMS to `phone` after the first `skip` ones, once it is there: SMS land
   * in the outbox, as no gateway is set up.
   */
  async function nextSmsCode(phone: string, skip: number): Promise<string> {
    for (let tries = 0; tries < 300; tries++) {
      const sms = (await portal.app.nimbus.outbox.list({ limit: 100, channel: 'sms' }))
        .filter((message) => message.recipient === phone)
        .reverse();
      const code = sms[skip] === undefined ? undefined : SMS_CODE.exec(sms[skip].text)?.[1];
      if (code !== undefined) return code;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no SMS code to ${phone}`);
  }

  const smsCount = async (phone: string) =>
    (await portal.app.nimbus.outbox.list({ limit: 100, channel: 'sms' })).filter(
      (message) => message.recipient === phone,
    ).length;

  const newPage = async () => portal.newPage(await portal.newContext());

  const main = (page: Page) => page.locator('#main');

  /** Screenshots at 360 px (checking nothing scrolls sideways there) and on a desktop. */
  async function shoot(page: Page, name: string) {
    await expectFits(page);
    await screenshot(page, `${name}-360`);
    await page.setViewportSize(DESKTOP);
    await settled(page);
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    await settled(page);
  }

  /** Waits for the layout to finish moving (the side navigation slides in on a wide screen). */
  const settled = (page: Page) =>
    page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))).then(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
          .map((animation) => animation.finished.catch(() => undefined)),
      ),
    )`);

  /** Signs in from `from`: /sign-in, or a page that needs a session and sends the user there. */
  async function fillSignIn(page: Page, login: string, password: string, from = '/sign-in') {
    await page.goto(new URL(from, portal.baseUrl).href);
    await submitSignIn(page, login, password);
  }

  /** Signs in through the portal, with the new-browser code when one is asked for; ends on /account. */
  async function signIn(page: Page, email: string, password: string, from = '/sign-in') {
    const mailedCode = smtp.nextCode(email);
    await fillSignIn(page, email, password, from);
    const verify = page.getByRole('heading', { level: 1, name: en.verify.title });
    const account = page.getByRole('heading', { level: 1, name: en.account.title });
    await verify.or(account).waitFor();
    if (await verify.isVisible()) await page.getByLabel(en.verify.code).fill(await mailedCode());
    await account.waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  }

  async function signInRefused(page: Page, login: string, password: string) {
    await fillSignIn(page, login, password);
    await page.getByTestId('sign-in-error').getByText(en.errors.invalidCredentials).waitFor();
  }

  async function signOut(page: Page) {
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: en.header.signOut }).click();
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
  }

  /** The account as the server has it now, read with the page's own session. */
  const sessionOf = (page: Page) =>
    page.evaluate<SessionBody>(
      "fetch('/api/v1/session', { headers: { accept: 'application/json' } }).then((response) => response.json())",
    );

  /** From the account page to "Delete account", through the code by mail and the password. */
  async function requestDeletion(
    page: Page,
    { email, password, shots }: { email: string; password: string; shots: string },
  ): Promise<string> {
    await main(page).getByRole('link', { name: en.nav.deleteAccount }).click();
    await page.getByRole('heading', { level: 1, name: en.deletion.title }).waitFor();
    await main(page).getByRole('heading', { level: 2, name: en.deletion.what.title }).waitFor();
    await main(page).getByRole('button', { name: en.deletion.form.send }).waitFor();
    await shoot(page, `${shots}-start`);

    const mailedCode = smtp.nextCode(email);
    await main(page).getByRole('button', { name: en.deletion.form.send }).click();
    const codeInput = main(page).getByLabel(en.verify.code);
    await codeInput.waitFor();
    await main(page)
      .getByRole('button', { name: /Resend code in \d:\d\d/ })
      .waitFor();
    await shoot(page, `${shots}-code`);
    await codeInput.fill(await mailedCode());
    await main(page).getByRole('textbox', { name: en.deletion.form.password, exact: true }).fill(password);
    await main(page).getByRole('button', { name: en.deletion.form.submit }).click();
    const dialog = page.getByRole('dialog', { name: en.deletion.confirm.title });
    await dialog.waitFor();
    await settled(page);
    await screenshot(page, `${shots}-confirm-360`);
    await dialog.getByRole('button', { name: en.deletion.confirm.delete }).click();

    await main(page).getByTestId('deletion-scheduled').getByText(en.deletion.scheduled.title).waitFor();
    const { account } = await sessionOf(page);
    expect(account.status).toBe('deleting');
    const dueAt = account.deletionDueAt ?? '';
    // A week from the server's now, which is this test's clock.
    expect(Date.parse(dueAt) - clock.now()).toBeGreaterThan(7 * DAY - MINUTE);
    expect(Date.parse(dueAt) - clock.now()).toBeLessThanOrEqual(7 * DAY);
    // The end date, shown as the portal formats it, in the browser's time zone (the same machine's).
    const shown = main(page).getByTestId('deletion-notice').locator('time');
    expect(await shown.getAttribute('datetime')).toBe(dueAt);
    expect(await shown.textContent()).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(dueAt)),
    );
    await main(page).getByRole('button', { name: en.deletion.notice.cancel }).waitFor();
    await shoot(page, `${shots}-scheduled`);
    return dueAt;
  }

  /** "Delete account" for an account with a verified e-mail and phone: the code is sent by SMS. */
  async function requestDeletionBySms(page: Page, person: { password: string; phone: string }, smsBefore: number) {
    await main(page).getByRole('link', { name: en.nav.deleteAccount }).click();
    await page.getByRole('heading', { level: 1, name: en.deletion.title }).waitFor();
    const choice = main(page).getByRole('radiogroup', { name: en.deletion.form.pick });
    await choice.waitFor();
    expect(await choice.getByRole('radio').count()).toBe(2);
    // The e-mail is offered first, masked; the phone is masked too.
    expect(await choice.getByRole('radio', { name: 'id***@example.org' }).isChecked()).toBe(true);
    await choice.getByRole('radio', { name: /^\+49 [*\d ]+89$/ }).check();
    await shoot(page, 'deletion-pick');
    await main(page).getByRole('button', { name: en.deletion.form.send }).click();
    const codeInput = main(page).getByLabel(en.verify.code);
    await codeInput.waitFor();
    await codeInput.fill(await nextSmsCode(person.phone, smsBefore));
    await main(page).getByRole('textbox', { name: en.deletion.form.password, exact: true }).fill(person.password);
    await main(page).getByRole('button', { name: en.deletion.form.submit }).click();
    const dialog = page.getByRole('dialog', { name: en.deletion.confirm.title });
    await dialog.getByRole('button', { name: en.deletion.confirm.delete }).click();
    await main(page).getByTestId('deletion-scheduled').waitFor();
    expect((await sessionOf(page)).account.status).toBe('deleting');
  }

  it('changes the e-mail with a code to the new address, tells the old one, and signs in only with the new', async () => {
    const person = { email: 'lena.vogel@example.org', newEmail: 'lena.berg@example.org', password: 'Ostsee-Wind-73' };
    await accountSession(portal, smtp, person.email, person.password);
    const page = await newPage();
    await signIn(page, person.email, person.password);

    await main(page).getByRole('link', { name: en.nav.identifiers }).click();
    await page.getByRole('heading', { level: 1, name: en.identifiers.title }).waitFor();
    expect(await main(page).getByTestId('email-value').textContent()).toBe(person.email);
    await main(page).getByText(en.identifiers.none).waitFor();
    await shoot(page, 'identifiers');

    await main(page).getByRole('button', { name: en.identifiers.email.change }).click();
    await main(page).getByRole('heading', { level: 2, name: en.identifiers.email.changeTitle }).waitFor();
    // The form says what is wrong next to the field, before anything is sent.
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    await main(page).getByText(en.identifiers.errors.passwordRequired).waitFor();
    await main(page).getByText(en.identifiers.email.required).waitFor();
    await main(page).getByRole('textbox', { name: en.identifiers.password, exact: true }).fill(person.password);
    await main(page).getByLabel(en.identifiers.email.newLabel).fill(person.email.toUpperCase());
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    await main(page).getByText(en.identifiers.email.same).waitFor();
    // A wrong password is refused by the server, and said next to the password.
    await main(page).getByLabel(en.identifiers.email.newLabel).fill(person.newEmail);
    await main(page).getByRole('textbox', { name: en.identifiers.password, exact: true }).fill('Not-the-password-1');
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    await main(page).getByText(en.identifiers.errors.wrongPassword).waitFor();
    await shoot(page, 'identifiers-change-email-error');

    await main(page).getByRole('textbox', { name: en.identifiers.password, exact: true }).fill(person.password);
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    const codeInput = main(page).getByLabel(en.verify.code);
    await codeInput.waitFor();
    await main(page).getByText('le***@example.org').waitFor();
    await shoot(page, 'identifiers-email-code');

    // The code went to the new address, and nothing to the old one yet.
    const [, code = ''] = await smtp.waitFor(person.newEmail, CODE);
    expect(mailsMatching(person.email, EMAIL_CHANGED)).toBe(0);
    // A wrong code is said next to the field, emptied for the next try.
    await codeInput.fill(code === '000000' ? '111111' : '000000');
    await main(page).getByText(en.errors.codeInvalid).waitFor();
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    expect(await codeInput.inputValue()).toBe('');
    await codeInput.fill(code);
    await main(page)
      .getByRole('status')
      .getByText(fill(en.identifiers.email.changed, { value: person.newEmail, old: person.email }))
      .waitFor();
    expect(await main(page).getByTestId('email-value').textContent()).toBe(person.newEmail);
    await shoot(page, 'identifiers-email-changed');

    // The old address is told, with the new one masked.
    const [, newMasked] = await smtp.waitFor(person.email, EMAIL_CHANGED);
    expect(newMasked).toBe('le***@example.org');

    // The account page, read afresh from the server, shows the new address, verified.
    await page.goto(new URL('/account', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    const emailRow = main(page).locator('.fact', { hasText: en.account.email });
    await emailRow.getByText(person.newEmail, { exact: true }).waitFor();
    await emailRow.getByText(en.account.verified, { exact: true }).waitFor();
    expect(await main(page).getByText(person.email, { exact: true }).count()).toBe(0);

    await signOut(page);
    await signInRefused(page, person.email, person.password);
    await signIn(page, person.newEmail, person.password);
  });

  it('deletes the account with a mailed code and the password, and signing in again cancels it', async () => {
    const person = { email: 'jonas.falk@example.org', password: 'Birken-Hain-29' };
    await accountSession(portal, smtp, person.email, person.password);
    const page = await newPage();
    await signIn(page, person.email, person.password);

    // One verified contact: the code goes there, with nothing to pick.
    await main(page).getByRole('link', { name: en.nav.deleteAccount }).waitFor();
    expect(await main(page).getByRole('radio').count()).toBe(0);
    const dueAt = await requestDeletion(page, { ...person, shots: 'deletion' });
    const [, mailedDate] = await smtp.waitFor(person.email, DELETION_SCHEDULED);
    expect(mailedDate).toContain(String(new Date(dueAt).getUTCFullYear()));

    // Signing in again, even on the way to another page, lands where the deletion can be cancelled.
    await signOut(page);
    await signIn(page, person.email, person.password, '/account/sessions');
    const notice = main(page).getByTestId('deletion-notice');
    await notice.getByText(en.account.deletingTitle).waitFor();
    expect(await notice.locator('time').getAttribute('datetime')).toBe(dueAt);
    await shoot(page, 'account-deleting');

    await notice.getByRole('button', { name: en.deletion.notice.cancel }).click();
    await main(page).getByRole('status').getByText(en.deletion.notice.cancelledText).waitFor();
    expect(await main(page).getByTestId('deletion-notice').count()).toBe(0);
    await shoot(page, 'account-deletion-cancelled');
    const { account } = await sessionOf(page);
    expect(account).toMatchObject({ status: 'active', deletionDueAt: null });
    await smtp.waitFor(person.email, DELETION_CANCELLED);

    // The longer Russian and the Chinese words fit a phone too.
    await page.evaluate("localStorage.setItem('nimbus.language', 'ru')");
    await page.goto(new URL('/account/delete', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: ru.deletion.title }).waitFor();
    await main(page).getByRole('button', { name: ru.deletion.form.send }).waitFor();
    await shoot(page, 'deletion-ru');
    await page.evaluate("localStorage.setItem('nimbus.language', 'zh')");
    await page.goto(new URL('/account/email-and-phone', portal.baseUrl).href);
    await main(page).getByRole('button', { name: zh.identifiers.phone.add }).click();
    await main(page).getByRole('heading', { level: 2, name: zh.identifiers.phone.addTitle }).waitFor();
    await shoot(page, 'identifiers-add-phone-zh');
  });

  // Last: it moves the server's clock a week on.
  it('adds a phone, deletes with a code by SMS, and after the grace period purges the account and frees the e-mail', async () => {
    const person = {
      email: 'ida.sommer@example.org',
      password: 'Lindenallee-48',
      national: '01512 3456789',
      phone: '+4915123456789',
    };
    await accountSession(portal, smtp, person.email, person.password);
    const page = await newPage();
    await signIn(page, person.email, person.password);

    // A phone number: the calling code of the account's country, and the number as written there.
    await main(page).getByRole('link', { name: en.nav.identifiers }).click();
    await main(page).getByRole('button', { name: en.identifiers.phone.add }).click();
    await main(page).getByRole('heading', { level: 2, name: en.identifiers.phone.addTitle }).waitFor();
    expect(await main(page).getByRole('textbox', { name: en.phoneNumber.callingCode }).inputValue()).toBe(
      'Germany +49',
    );
    await main(page).getByRole('textbox', { name: en.identifiers.password, exact: true }).fill(person.password);
    await main(page).getByRole('textbox', { name: en.phoneNumber.number }).fill('030 1234567');
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    await main(page).getByText(en.identifiers.phone.invalid).waitFor();
    await main(page).getByRole('textbox', { name: en.phoneNumber.number }).fill(person.national);
    await shoot(page, 'identifiers-add-phone');
    await main(page).getByRole('button', { name: en.identifiers.send }).click();
    const codeInput = main(page).getByLabel(en.verify.code);
    await codeInput.waitFor();
    await codeInput.fill(await nextSmsCode(person.phone, 0));
    await main(page)
      .getByRole('status')
      .getByText(fill(en.identifiers.phone.added, { value: '+49 1512 3456789' }))
      .waitFor();
    // Grouped as people write it, and kept on one line.
    expect(await main(page).getByTestId('phone-value').textContent()).toBe('+49\u00a01512\u00a03456789');
    await shoot(page, 'identifiers-phone-added');

    // Two verified contacts: the code goes to the one picked, here the phone.
    await page.goto(new URL('/account', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    const sms = await smsCount(person.phone);
    const mails = mailsMatching(person.email, CODE);
    await requestDeletionBySms(page, person, sms);
    expect(mailsMatching(person.email, CODE)).toBe(mails);
    await smtp.waitFor(person.email, DELETION_SCHEDULED);

    // A week and an hour later the hourly purge removes the account, and the last mail goes out.
    clock.advance(7 * DAY + HOUR);
    await portal.app.nimbus.runner.runDue();
    await smtp.waitFor(person.email, ACCOUNT_DELETED);

    // Its session is gone with it, and signing in is refused as for an account that never was.
    await page.goto(new URL('/account', portal.baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    await signInRefused(page, person.email, person.password);
    await signInRefused(page, 'never.here@example.org', person.password);

    // The address is free: it signs up again. (The one-a-minute limit on mail to an address counts
    // real time, which this test does not wait out.)
    await portal.app.nimbus.limits.reset('mail:cooldown', RESEND_COOLDOWN, person.email);
    const activations = mailsMatching(person.email, ACTIVATION_LINK);
    await page.goto(new URL('/register', portal.baseUrl).href);
    await fillEmailSignUp(page, { ...person, region: 'Germany', birthDate: { day: 21, month: 6, year: 1988 } });
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: en.checkEmail.title }).waitFor();
    const [activation] = await smtp.waitFor(person.email, ACTIVATION_LINK, { skip: activations });
    await page.goto(portal.local(activation));
    await page.getByRole('heading', { level: 1, name: en.activate.doneTitle }).waitFor();
  });
});
