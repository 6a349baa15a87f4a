import { DEFAULT_LOCALE, LOCALES, type Locale } from '@nimbus/protocol';
import escapeHtml from 'escape-html';
import i18next, { type i18n } from 'i18next';
import { renderMailLayout } from './layout.js';
import { en } from './locales/en.js';
import { ru } from './locales/ru.js';
import { zh } from './locales/zh.js';

/** Core's own mail: the operator's check that Nimbus can send mail; `link` is the server's public URL. */
export interface CoreMailParams {
  test: { link: string };
}

/** Core's own SMS: the operator's check that Nimbus can send SMS; `link` is the server's public URL. */
export interface CoreSmsParams {
  test: { link: string };
}

/**
 * Every mail template and its params: core's, and those each module adds by declaration merging
 * (`declare module '../../core/messages/templates.js' { interface MailTemplateParams extends
 * AccountsMailParams {} }`) and registers the texts of with registerMessages. Two param names have
 * a shape of their own: `link` (an http(s) URL) renders as a clickable link in html and as the bare
 * URL in text; `code` (six digits) renders as a one-time code set large in html. Every other param
 * is plain text.
 */
export interface MailTemplateParams extends CoreMailParams {}

/** Every SMS template and its params, with the same `link` and `code` shapes as mail; modules add theirs. */
export interface SmsTemplateParams extends CoreSmsParams {}

export type MailTemplate = keyof MailTemplateParams;
export type SmsTemplate = keyof SmsTemplateParams;

/** What a translator writes for one mail. Paragraphs are separated by a blank line. */
export interface MailStrings {
  subject: string;
  body: string;
  /** Why the reader got this mail ("You received this because…"). */
  footer: string;
}

/** One language's texts: every template of each channel, neither more nor fewer. */
export interface MessageCatalog<Mail = MailTemplateParams, Sms = SmsTemplateParams> {
  mail: Record<keyof Mail, MailStrings>;
  sms: Record<keyof Sms, string>;
}

export type TemplateParams = Readonly<Record<string, string>>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderedSms {
  text: string;
}

// Private-use characters mark where a param goes while the translated html text is escaped, so
// the translation is escaped as text but the link and code markup we insert is not.
const TOKEN = /\uE000(\d+)\uE001/g;
const CODE = /^\d{6}$/;
// Nimbus's Chinese is Simplified; saying so lets mail clients pick fitting fonts.
const HTML_LANG: Record<Locale, string> = { en: 'en', ru: 'ru', zh: 'zh-Hans' };

/** Renders templates from catalogs in every locale. The app uses `renderMail`/`renderSms`; tests may build their own. */
export class MessageRenderer<
  Mail extends Record<keyof Mail, TemplateParams>,
  Sms extends Record<keyof Sms, TemplateParams>,
> {
  private readonly i18n: i18n;

  constructor(catalogs: Record<Locale, MessageCatalog<Mail, Sms>>) {
    this.i18n = i18next.createInstance();
    // Resources are bundled, so initialisation finishes synchronously: no render can race it.
    void this.i18n.init({
      initAsync: false,
      // A server's stdout is its log; i18next's banner does not belong there.
      showSupportNotice: false,
      resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: catalogs[locale] }])),
      supportedLngs: [...LOCALES],
      fallbackLng: DEFAULT_LOCALE,
      // Escaping is ours: html escapes every value, text escapes none.
      interpolation: { escapeValue: false },
      missingInterpolationHandler: (_text: string, match: RegExpExecArray) => {
        throw new Error(`message param ${match[1] ?? '?'} is missing`);
      },
    });
  }

  /** Adds the templates of `catalogs`; a template name already known is an error. */
  add<M, S>(catalogs: Record<Locale, MessageCatalog<M, S>>): void {
    const { mail, sms } = catalogs[DEFAULT_LOCALE];
    const keys = [...Object.keys(mail).map((name) => `mail.${name}`), ...Object.keys(sms).map((name) => `sms.${name}`)];
    const taken = keys.find((key) => this.i18n.getResource(DEFAULT_LOCALE, 'translation', key) !== undefined);
    if (taken !== undefined) throw new Error(`message template ${taken} is declared twice`);
    for (const locale of LOCALES) {
      this.i18n.addResourceBundle(locale, 'translation', catalogs[locale], true, false);
    }
  }

  mail<T extends keyof Mail & string>(template: T, locale: Locale, params: Mail[T]): RenderedMail {
    const key = `mail.${template}`;
    const subject = this.text(`${key}.subject`, locale, params);
    const text = `${this.text(`${key}.body`, locale, params)}\n\n-- \n${this.text(`${key}.footer`, locale, params)}\n`;
    const html = renderMailLayout({
      lang: HTML_LANG[locale],
      title: escapeHtml(subject),
      body: this.html(`${key}.body`, locale, params),
      footer: this.html(`${key}.footer`, locale, params),
    });
    return { subject, text, html };
  }

  sms<T extends keyof Sms & string>(template: T, locale: Locale, params: Sms[T]): RenderedSms {
    return { text: this.text(`sms.${template}`, locale, params) };
  }

  private text(key: string, locale: Locale, params: TemplateParams): string {
    const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, textValue(name, value)]));
    return this.translate(key, locale, values);
  }

  private html(key: string, locale: Locale, params: TemplateParams): string {
    const fragments = Object.entries(params).map(([name, value]) => htmlValue(name, value));
    const tokens = Object.fromEntries(Object.keys(params).map((name, index) => [name, `\uE000${index}\uE001`]));
    const escaped = escapeHtml(this.translate(key, locale, tokens));
    return escaped.replace(TOKEN, (_token, index: string) => fragments[Number(index)] ?? '');
  }

  private translate(key: string, locale: Locale, values: Record<string, string>): string {
    if (!this.i18n.exists(key, { lng: locale })) throw new Error(`message text ${key} does not exist`);
    return this.i18n.t(key, { lng: locale, replace: values });
  }
}

function textValue(name: string, value: string): string {
  if (name === 'link') return checkedLink(value);
  if (name === 'code') return checkedCode(value);
  return value;
}

function htmlValue(name: string, value: string): string {
  if (name === 'link') {
    const href = escapeHtml(checkedLink(value));
    return `<a href="${href}" style="color:#2563eb;text-decoration:underline;word-break:break-all;">${href}</a>`;
  }
  if (name === 'code') {
    return `<strong style="display:inline-block;font-family:'SFMono-Regular',Menlo,Consolas,monospace;font-size:28px;letter-spacing:6px;">${checkedCode(value)}</strong>`;
  }
  return escapeHtml(value);
}

// A link goes into an href: anything but http(s) (javascript:, data:) would be a hole.
function checkedLink(value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value)) {
    const { protocol } = new URL(value);
    if (protocol === 'https:' || protocol === 'http:') return value;
  }
  throw new Error(`message link must be an http(s) URL (got ${JSON.stringify(value)})`);
}

function checkedCode(value: unknown): string {
  if (typeof value === 'string' && CODE.test(value)) return value;
  throw new Error('message code must be six digits');
}

// Core's templates to start with; the modules' join them as the modules load (registerMessages),
// which is what makes it a renderer of every template.
const messages = new MessageRenderer<CoreMailParams, CoreSmsParams>({ en, ru, zh }) as unknown as MessageRenderer<
  MailTemplateParams,
  SmsTemplateParams
>;
const registered = new Set<object>();

/**
 * Adds a module's templates, in every language, to those renderMail and renderSms know; the module
 * declares their params by merging into MailTemplateParams and SmsTemplateParams. Registering the
 * same catalogs again changes nothing.
 */
export function registerMessages<Mail, Sms>(catalogs: Record<Locale, MessageCatalog<Mail, Sms>>): void {
  if (registered.has(catalogs)) return;
  messages.add(catalogs);
  registered.add(catalogs);
}

/** Renders a mail in the reader's language: subject and text verbatim, html escaped and laid out. */
export function renderMail<T extends MailTemplate>(
  template: T,
  locale: Locale,
  params: MailTemplateParams[T],
): RenderedMail {
  return messages.mail(template, locale, params);
}

/** Renders an SMS in the reader's language. */
export function renderSms<T extends SmsTemplate>(
  template: T,
  locale: Locale,
  params: SmsTemplateParams[T],
): RenderedSms {
  return messages.sms(template, locale, params);
}
