import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSuite, TestSmsReceiver } from '../../server/src/test/index.js';
import { DESKTOP, expectFits, fill, PHONE, postJson, submitSignIn, usePortal } from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru } from '../src/locales/index.js';

/** The 6 digits of a code SMS, in any language ("Nimbus code: 123456", "Код Nimbus: 123456"). */
const CODE = /\b(\d{6})\b/;
/** The SMS a number with an account gets instead of a code. */
const ALREADY_REGISTERED = /sign-in/;

/** A translation as the page shows it: <tags> of Trans dropped, placeholders filled. */
function shown(text: string, values: Record<string, string | number> = {}): string {
  return fill(text, values).replace(/<\/?\w+>/g, '');
}

describe.runIf(requireSuite('browser'))('phone numbers in the portal', () => {
  const sms = new TestSmsReceiver();
  let webhook = '';
  beforeAll(async () => {
    webhook = await sms.start();
  });
  afterAll(async () => {
    await sms.stop();
    // Every SMS came signed with the secret and in time.
    expect(sms.refused).toEqual([]);
  });
  // Started after the receiver, whose URL it posts to, and stopped before it.
  const portal = usePortal({
    viewport: PHONE,
    env: () => ({ NIMBUS_SMS_WEBHOOK_URL: webhook, NIMBUS_SMS_WEBHOOK_SECRET: sms.secret }),
  });
  const post = (path: string, body: unknown) => postJson(portal.baseUrl, path, body);

  /** An active account with a phone number, made earlier through the API with the code from the SMS. */
  async function phoneAccount(phone: string, phoneRegion: string, password: string): Promise<void> {
    const started = await post('/api/v1/accounts/phone', {
      phone,
      phoneRegion,
      region: phoneRegion,
      birthDate: '1988-11-02',
      locale: 'en',
    });
    expect(started.status).toBe(202);
    const { registrationId, phone: e164 } = (await started.json()) as { registrationId: string; phone: string };
    const [, code] = await sms.waitFor(e164, CODE);
    const verified = await post('/api/v1/accounts/phone/verify', { registrationId, code });
    expect(verified.status).toBe(200);
    const { setupToken } = (await verified.json()) as { setupToken: string };
    const completed = await post('/api/v1/accounts/phone/complete', { registrationId, setupToken, password });
    expect(completed.status).toBe(200);
    // Made a while ago: the minute between two SMS to the number has passed.
    await portal.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, e164);
  }

  it('creates an account with a phone number: the SMS code, a resend, then the password', async () => {
    const person = { e164: '+4915123456789', shown: '+49 1512 3456789', password: 'Regen-im-Juni-2031' };
    const context = await portal.newContext();
    // The resend cooldown is a minute: the page's clock is moved on instead of waiting.
    await context.clock.install();
    const page = await portal.open(context, '/register');
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();

    // Both ways are offered; the phone way is chosen with the keyboard, and the address says so.
    const byEmail = page.getByRole('radio', { name: en.phoneRegister.methods.email });
    const byPhone = page.getByRole('radio', { name: en.phoneRegister.methods.phone });
    expect(await byEmail.isChecked()).toBe(true);
    await byEmail.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('textbox', { name: en.phoneNumber.number }).waitFor();
    expect(await byPhone.isChecked()).toBe(true);
    expect(new URL(page.url()).search).toBe('?with=phone');
    expect(await page.getByRole('textbox', { name: en.register.email, exact: true }).count()).toBe(0);

    // The calling code starts as the region the browser suggests, and follows the region chosen.
    const callingCode = page.getByRole('textbox', { name: en.phoneNumber.callingCode });
    expect(await callingCode.inputValue()).toBe('United States +1');
    await page.getByRole('textbox', { name: en.register.region }).fill('Germ');
    await page.getByRole('option', { name: 'Germany', exact: true }).click();
    expect(await callingCode.inputValue()).toBe('Germany +49');
    await page.getByLabel(en.register.birthDateParts.day).selectOption('14');
    await page.getByLabel(en.register.birthDateParts.month).selectOption({ label: 'March' });
    await page.getByLabel(en.register.birthDateParts.year).selectOption('1990');

    // A Berlin landline cannot get an SMS: said next to the number, in words.
    const number = page.getByRole('textbox', { name: en.phoneNumber.number });
    await number.fill('030 1234567');
    await page.getByRole('button', { name: en.phoneRegister.submit }).click();
    await page.getByText(fill(en.phoneRegister.errors.numberInvalid, { country: 'Germany' })).waitFor();
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.getAttribute("type")')).toBe('tel');
    await expectFits(page);
    await screenshot(page, 'phone-register-error-en-360');

    await number.fill('0151 23456789');
    await number.blur();
    // Leaving the field groups the digits as they follow +49, without the 0 dialled at home.
    expect(await number.inputValue()).toBe('1512 3456789');
    await screenshot(page, 'phone-register-form-en-360');
    await page.getByRole('button', { name: en.phoneRegister.submit }).click();

    await page.getByRole('heading', { level: 1, name: en.phoneCode.title }).waitFor();
    await page.getByText(shown(en.phoneCode.sentTo, { phone: person.shown })).waitFor();
    const resend = page.getByRole('button', { name: /Resend code in \d:\d\d/ });
    expect(await resend.isDisabled()).toBe(true);
    const codeInput = page.getByLabel(en.phoneCode.code);
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    await expectFits(page);
    await screenshot(page, 'phone-register-code-en-360');
    const [, firstCode = ''] = await sms.waitFor(person.e164, CODE);

    // A minute later the code may be sent again (the server's cooldown is let go the same minute).
    await portal.app.nimbus.limits.reset('sms:cooldown', { points: 1, seconds: 60 }, person.e164);
    await context.clock.fastForward(61_000);
    await page.getByRole('button', { name: en.phoneCode.resend, exact: true }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.phoneCode.resent, { phone: person.shown }))
      .waitFor();
    await page.getByRole('button', { name: /Resend code in \d:\d\d/ }).waitFor();
    await screenshot(page, 'phone-register-resent-en-360');
    const [, secondCode = ''] = await sms.waitFor(person.e164, CODE, { skip: 1 });

    // The first code stopped working with the resend; the new one is sent by its sixth digit.
    if (firstCode !== secondCode) {
      await codeInput.fill(firstCode);
      await page.getByText(en.errors.codeInvalid).waitFor();
    }
    await codeInput.fill(secondCode);

    await page.getByRole('heading', { level: 1, name: en.phonePassword.title }).waitFor();
    await page
      .getByRole('status')
      .getByText(shown(en.phonePassword.verified, { phone: person.shown }))
      .waitFor();
    const password = page.getByRole('textbox', { name: en.register.password, exact: true });
    // The number itself is not a password: the server says so next to the field.
    await password.fill('15123456789a');
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.getByText(en.password.problems.same_as_identifier).waitFor();
    await password.fill(person.password);
    for (const rule of ['length', 'letter', 'digit']) {
      expect(await page.locator(`[data-rule="${rule}"]`).getAttribute('data-met'), rule).toBe('true');
    }
    await expectFits(page);
    await screenshot(page, 'phone-register-password-en-360');
    await page.getByRole('button', { name: en.register.submit }).click();

    // Active and signed in: the account page, with the number verified and grouped for reading.
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    const main = page.locator('#main');
    await main.getByText(person.shown, { exact: true }).waitFor();
    await main.getByText(fill(en.account.greeting, { name: person.shown })).waitFor();
    expect(await main.getByText(person.e164).count()).toBe(0);
    await main.getByText(en.account.verified, { exact: true }).waitFor();
    await main.getByText('Germany', { exact: true }).waitFor();
    await expectFits(page);
    await screenshot(page, 'phone-register-account-en-360');
    // Two codes, nothing else: the number had no account.
    expect(sms.to(person.e164)).toHaveLength(2);
  });

  it('looks the same for a number that has an account, in Russian and on a desktop', async () => {
    const owner = { national: '8 916 555-01-77', e164: '+79165550177' };
    await phoneAccount(owner.e164, 'RU', 'Belye-Nochi-1703');
    const page = await portal.open(await portal.newContext({ locale: 'ru-RU' }), '/register?with=phone');
    await page.getByRole('heading', { level: 1, name: ru.register.title }).waitFor();
    expect(await page.getByRole('radio', { name: ru.phoneRegister.methods.phone }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: ru.phoneNumber.callingCode }).inputValue()).toBe('Россия +7');

    // Sent empty: each problem next to its field, in Russian.
    await page.getByRole('button', { name: ru.phoneRegister.submit }).click();
    await page.getByText(ru.phoneRegister.errors.numberRequired).waitFor();
    await page.getByText(ru.register.errors.birthDate.incomplete).waitFor();
    await expectFits(page);
    await screenshot(page, 'phone-register-errors-ru-360');

    await page.getByRole('textbox', { name: ru.phoneNumber.number }).fill(owner.national);
    await page.getByLabel(ru.register.birthDateParts.day).selectOption('2');
    await page.getByLabel(ru.register.birthDateParts.month).selectOption('11');
    await page.getByLabel(ru.register.birthDateParts.year).selectOption('1988');
    await page.getByRole('button', { name: ru.phoneRegister.submit }).click();
    // The same step as for a new number; the owner is told by SMS instead of sent a code.
    await page.getByRole('heading', { level: 1, name: ru.phoneCode.title }).waitFor();
    await page.getByText(shown(ru.phoneCode.sentTo, { phone: '+7 916 555 01 77' })).waitFor();
    await expectFits(page);
    await screenshot(page, 'phone-register-code-ru-360');
    await sms.waitFor(owner.e164, ALREADY_REGISTERED);
    const codes = sms.to(owner.e164).filter((message) => CODE.test(message.text));
    expect(codes, 'only the code of the first sign-up').toHaveLength(1);

    // "Change it" leads back to the form as it was left.
    await page
      .getByRole('button', { name: ru.phoneCode.wrongNumber.replace(/^.*<change>(.*)<\/change>$/, '$1') })
      .click();
    await page.getByRole('heading', { level: 1, name: ru.register.title }).waitFor();
    expect(await page.getByRole('textbox', { name: ru.phoneNumber.number }).inputValue()).toBe('916 555 01 77');
    expect(await page.getByLabel(ru.register.birthDateParts.year).inputValue()).toBe('1988');

    const wide = await portal.open(await portal.newContext({ viewport: DESKTOP }), '/register?with=phone');
    await wide.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
    await wide.getByRole('textbox', { name: en.phoneNumber.number }).fill('+49 170 1234567');
    await wide.getByRole('textbox', { name: en.phoneNumber.number }).blur();
    // A whole international number picks its own country.
    expect(await wide.getByRole('textbox', { name: en.phoneNumber.callingCode }).inputValue()).toBe('Germany +49');
    expect(await wide.getByRole('textbox', { name: en.phoneNumber.number }).inputValue()).toBe('170 1234567');
    await expectFits(wide, DESKTOP.width);
    await screenshot(wide, 'phone-register-form-en-desktop');
    // The calling codes can be searched by the code as well as by the name.
    await wide.getByRole('textbox', { name: en.phoneNumber.callingCode }).fill('+44');
    await wide.getByRole('option', { name: /United Kingdom/ }).waitFor();
    await screenshot(wide, 'phone-register-calling-codes-en-desktop');
    expect(await wide.getByRole('listbox').getByRole('option').allTextContents()).toEqual([
      'Guernsey+44',
      'Isle of Man+44',
      'Jersey+44',
      'United Kingdom+44',
    ]);
  });

  it('resets a forgotten password with the code from the SMS and signs in with the new one', async () => {
    const account = { e164: '+4917612345678', typed: '+49 176 12345678', password: 'Alte-Wolke-17-Nord' };
    const newPassword = 'Neuer-Regen-58-Süd';
    await phoneAccount(account.e164, 'DE', account.password);

    const page = await portal.open(await portal.newContext(), '/sign-in');
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    await page.getByRole('link', { name: en.signIn.forgot }).click();
    await page.getByRole('heading', { level: 1, name: en.recover.title }).waitFor();
    await page.getByLabel(en.signIn.login).fill(account.typed);
    await page.getByRole('button', { name: en.recover.submit, exact: true }).click();
    await page.getByRole('status').getByText(en.recover.sent).waitFor();
    await page.getByRole('button', { name: /Send again in \d:\d\d/ }).waitFor();
    const [, code = ''] = await sms.waitFor(account.e164, CODE, { skip: 1 });
    await expectFits(page);
    await screenshot(page, 'phone-recover-sent-en-360');

    await page.getByLabel(en.recover.code).fill(code);
    const password = page.getByRole('textbox', { name: en.recover.newPassword, exact: true });
    await password.fill(newPassword);
    expect(await page.locator('[data-rule="length"]').getAttribute('data-met')).toBe('true');
    await screenshot(page, 'phone-recover-code-en-360');
    await page.getByRole('button', { name: en.recover.change }).click();
    await page.getByRole('heading', { level: 1, name: en.recover.doneTitle }).waitFor();
    await expectFits(page);
    await screenshot(page, 'phone-recover-done-en-360', { minInk: 0.02 });

    await page.locator('#main').getByRole('link', { name: en.recover.toSignIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    const login = page.getByLabel(en.signIn.login);
    const secret = page.getByRole('textbox', { name: en.signIn.password, exact: true });
    // A missing password is said next to the field, to screen readers too.
    await login.fill(account.typed);
    await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
    await page.getByText(en.signIn.errors.passwordRequired).waitFor();
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    // The old password no longer works.
    await secret.fill(account.password);
    expect(await secret.getAttribute('aria-invalid')).toBe('false');
    await page.getByRole('button', { name: en.signIn.submit, exact: true }).click();
    await page.locator('form').getByRole('alert').getByText(en.errors.invalidCredentials).waitFor();
    // The new one does; this browser is new to the account, so a code comes by SMS.
    await submitSignIn(page, account.typed, newPassword);
    await page.getByRole('heading', { level: 1, name: en.verify.title }).waitFor();
    const [, signInCode = ''] = await sms.waitFor(account.e164, CODE, { skip: 2 });
    await page.getByLabel(en.verify.code).fill(signInCode);
    await page.getByRole('heading', { level: 1, name: en.account.title }).waitFor();
    // The number as it was typed, grouped: not the bare digits the server keeps.
    await page.locator('#main').getByText(account.typed, { exact: true }).waitFor();
  });
});
