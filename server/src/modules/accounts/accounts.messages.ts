import { registerMessages } from '../../core/messages/index.js';
import { en } from './messages/en.js';
import { ru } from './messages/ru.js';
import { zh } from './messages/zh.js';

/** The mail the account module sends, and its params (see MailTemplateParams for `link` and `code`). */
export interface AccountsMailParams {
  /** Confirms a new account's e-mail; `link` activates it (valid 24 hours). */
  activation: { link: string };
  /** Someone tried to register this address, which already has an account; `link` is the sign-in page. */
  already_registered: { link: string };
  /** A 6-digit code that proves the owner is at the keyboard (new device, sensitive actions). */
  verification_code: { code: string; minutes: string };
  /** Too many wrong passwords: sign-in is locked for `minutes`; `link` is the sign-in page. */
  account_locked: { minutes: string; link: string };
  /** Wrong passwords were typed `count` times in a row recently (at most once a day); `link` is the account page. */
  sign_in_failures: { count: string; link: string };
  /** The account will be deleted on `date` (localised); `link` is where signing in can cancel it. */
  deletion_scheduled: { date: string; link: string };
  /** A scheduled deletion was cancelled; `link` is the account page, in case it was not the owner. */
  deletion_cancelled: { link: string };
  /** The last mail: the account is gone; `link` is the sign-up page. */
  account_deleted: { link: string };
  /** "Forgot password" by e-mail: `link` opens the page that sets a new password (valid 1 hour, once). */
  password_reset: { link: string };
  /** The password was changed or recovered; `link` is "Forgot password", for when it was not the owner. */
  password_changed: { link: string };
  /**
   * To the old address: the account's e-mail was changed to `value` (masked), so this address no
   * longer signs in; `link` is "Forgot password", for when it was not the owner.
   */
  contact_changed: { value: string; link: string };
}

/** The SMS the account module sends, and their params. */
export interface AccountsSmsParams {
  verification_code: { code: string; minutes: string };
  /** Someone tried to register this number, which already has an account; `link` is the sign-in page. */
  already_registered: { link: string };
  deletion_scheduled: { date: string; link: string };
  deletion_cancelled: { link: string };
  account_deleted: { link: string };
  password_changed: { link: string };
  /** To the old number: the account's phone was changed to `value` (masked); `link` is "Forgot password". */
  contact_changed: { value: string; link: string };
}

declare module '../../core/messages/templates.js' {
  interface MailTemplateParams extends AccountsMailParams {}
  interface SmsTemplateParams extends AccountsSmsParams {}
}

registerMessages({ en, ru, zh });
