import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/src/core/clock.js';
import { RESEND_COOLDOWN } from '../../server/src/modules/accounts/registration.service.js';
import { createTestApp, listen, type TestApp } from '../../server/src/test/app.js';
import { requireSuite } from '../../server/src/test/suites.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, TestSmtpServer, webDir } from './browser.js';
import { en, ru, zh } from '../src/locales/index.js';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 860 };
const DAY = 24 * 3_600_000;
/** Lines of their own in the mails: the activation link, and the 6-digit code. */
const ACTIVATION_LINK = /^https?:\/\/\S+\/activate\?token=\S+$/m;
const CODE = /^(\d{6})$/m;
const SMS_CODE = /\b(\d{6})\b/;
/** The words of the mails the server sends about the changes (server/src/core/messages/locales/en.ts). */
const EMAIL_CHANGED = /address of your Nimbus account was just changed to (\S+)\./;
const DELETION_SCHEDULED = /It will be deleted for good on (.+), together with everything stored in it\./;
const DELETION_CANCELLED = /the deletion of your Nimbus account was cancelled/;
const ACCOUNT_DELETED = /your Nimbus account has been deleted/;

/** A translation with its {{placeholders}} filled in, as i18next would. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

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
  const smtp = new TestSmtpServer();
  const clock = new MovableClock();
  let server: TestApp | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  const app = () => {
    if (server === undefined) throw new Error('the server did not start');
    return server.app;
  };

  /** The path and query of a link in a mail: the test server's public URL has port 0. */
  const local = (line: string) => {
    const link = new URL(line);
    return new URL(`${link.pathname}${link.search}`, baseUrl).href;
  };

  /** How many mails to `address` match `pattern` so far: the next one is found by skipping them. */
  const mailsMatching = (address: string, pattern: RegExp) =>
    smtp.received.filter((mail) => mail.to.includes(address) && pattern.test(mail.text)).length;

  /**
   * The 6-digit code of the SMS to `phone` after the first `skip` ones, once it is there: SMS land
   * in the outbox, as no gateway is set up.
   */
  async function nextSmsCode(phone: string, skip: number): Promise<string> {
    for (let tries = 0; tries < 300; tries++) {
      const sms = (await app().nimbus.outbox.list({ limit: 100, channel: 'sms' }))
        .filter((message) => message.recipient === phone)
        .reverse();
      const code = sms[skip] === undefined ? undefined : SMS_CODE.exec(sms[skip].text)?.[1];
      if (code !== undefined) return code;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no SMS code to ${phone}`);
  }

  const smsCount = async (phone: string) =>
    (await app().nimbus.outbox.list({ limit: 100, channel: 'sms' })).filter((message) => message.recipient === phone)
      .length;

  /** An active account, registered and activated through the API. */
  async function register(email: string, password: string): Promise<void> {
    const registered = await fetch(new URL('/api/v1/accounts/email', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, region: 'DE', birthDate: '1988-06-21', password, locale: 'en' }),
    });
    expect(registered.status).toBe(202);
    const [activation] = await smtp.waitFor(email, ACTIVATION_LINK);
    const activated = await fetch(new URL('/api/v1/accounts/activate', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: new URL(activation).searchParams.get('token') }),
    });
    expect(activated.status).toBe(200);
  }

  async function newPage(): Promise<Page> {
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', viewport: PHONE });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  const main = (page: Page) => page.locator('#main');

  /** Screenshots at 360 px (checking nothing scrolls sideways there) and on a desktop. */
  async function shoot(page: Page, name: string) {
    expect(await page.evaluate<number>(PAGE_WIDTH), `${name}: no sideways scrolling at 360 px`).toBeLessThanOrEqual(
      360,
    );
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
    await page.goto(new URL(from, baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    await page.getByLabel(en.signIn.login).fill(login);
    await page.getByRole('textbox', { name: en.signIn.password, exact: true }).fill(password);
    await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
  }

  /** Signs in through the portal, with the new-browser code when one is asked for; ends on /account. */
  async function signIn(page: Page, email: string, password: string, from = '/sign-in') {
    const codes = mailsMatching(email, CODE);
    await fillSignIn(page, email, password, from);
    const verify = page.getByRole('heading', { level: 1, name: en.verify.title });
    const account = page.getByRole('heading', { level: 1, name: en.account.title });
    await verify.or(account).waitFor();
    if (await verify.isVisible()) {
      const [, code = ''] = await smtp.waitFor(email, CODE, { skip: codes });
      await page.getByLabel(en.verify.code).fill(code);
    }
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

    const codes = mailsMatching(email, CODE);
    await main(page).getByRole('button', { name: en.deletion.form.send }).click();
    const codeInput = main(page).getByLabel(en.verify.code);
    await codeInput.waitFor();
    await main(page)
      .getByRole('button', { name: /Resend code in \d:\d\d/ })
      .waitFor();
    await shoot(page, `${shots}-code`);
    const [, code = ''] = await smtp.waitFor(email, CODE, { skip: codes });
    await codeInput.fill(code);
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
    expect(Date.parse(dueAt) - clock.now()).toBeGreaterThan(7 * DAY - 60_000);
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

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp.start();
    server = await createTestApp({
      clock,
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

  it('changes the e-mail with a code to the new address, tells the old one, and signs in only with the new', async () => {
    const person = { email: 'lena.vogel@example.org', newEmail: 'lena.berg@example.org', password: 'Ostsee-Wind-73' };
    await register(person.email, person.password);
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
    await page.goto(new URL('/account', baseUrl).href);
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
    await register(person.email, person.password);
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
    await page.goto(new URL('/account/delete', baseUrl).href);
    await page.getByRole('heading', { level: 1, name: ru.deletion.title }).waitFor();
    await main(page).getByRole('button', { name: ru.deletion.form.send }).waitFor();
    await shoot(page, 'deletion-ru');
    await page.evaluate("localStorage.setItem('nimbus.language', 'zh')");
    await page.goto(new URL('/account/email-and-phone', baseUrl).href);
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
    await register(person.email, person.password);
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
    await page.goto(new URL('/account', baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    const sms = await smsCount(person.phone);
    const mails = mailsMatching(person.email, CODE);
    await requestDeletionBySms(page, person, sms);
    expect(mailsMatching(person.email, CODE)).toBe(mails);
    await smtp.waitFor(person.email, DELETION_SCHEDULED);

    // A week and an hour later the hourly purge removes the account, and the last mail goes out.
    clock.advance(7 * DAY + 3_600_000);
    await app().nimbus.runner.runDue();
    await smtp.waitFor(person.email, ACCOUNT_DELETED);

    // Its session is gone with it, and signing in is refused as for an account that never was.
    await page.goto(new URL('/account', baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    await signInRefused(page, person.email, person.password);
    await signInRefused(page, 'never.here@example.org', person.password);

    // The address is free: it signs up again. (The one-a-minute limit on mail to an address counts
    // real time, which this test does not wait out.)
    await app().nimbus.limits.reset('mail:cooldown', RESEND_COOLDOWN, person.email);
    const activations = mailsMatching(person.email, ACTIVATION_LINK);
    await page.goto(new URL('/register', baseUrl).href);
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
    await page.getByRole('textbox', { name: en.register.email, exact: true }).fill(person.email);
    await page.getByRole('textbox', { name: en.register.region }).fill('Germ');
    await page.getByRole('option', { name: 'Germany' }).click();
    await page.getByLabel(en.register.birthDateParts.day).selectOption('21');
    await page.getByLabel(en.register.birthDateParts.month).selectOption({ label: 'June' });
    await page.getByLabel(en.register.birthDateParts.year).selectOption('1988');
    await page.getByRole('textbox', { name: en.register.password, exact: true }).fill(person.password);
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: en.checkEmail.title }).waitFor();
    const [activation] = await smtp.waitFor(person.email, ACTIVATION_LINK, { skip: activations });
    await page.goto(local(activation));
    await page.getByRole('heading', { level: 1, name: en.activate.doneTitle }).waitFor();
  });
});
