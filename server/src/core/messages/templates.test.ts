import { LOCALES, type Locale } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { MessageRenderer, renderMail, renderSms, type MessageCatalog } from './templates.js';

// Rendering touches no database, so unlike the delivery tests this file does not run per dialect.

const CYRILLIC = /[\u0400-\u04FF]/;
const CJK = /[\u4E00-\u9FFF]/;
const LINK = 'https://nimbus.example.com/';

describe('renderMail', () => {
  const rendered = Object.fromEntries(LOCALES.map((locale) => [locale, renderMail('test', locale, { link: LINK })]));
  const mail = (locale: Locale) => rendered[locale] ?? expect.fail(`no ${locale} mail`);

  it('renders the test mail in each language, each in its own script', () => {
    for (const locale of LOCALES) {
      const { subject, text, html } = mail(locale);
      expect(subject.length).toBeGreaterThan(10);
      expect(text).toContain(LINK);
      expect(html).toContain(`lang="${locale === 'zh' ? 'zh-Hans' : locale}"`);
    }
    expect(new Set(LOCALES.map((locale) => mail(locale).subject)).size).toBe(3);
    expect(new Set(LOCALES.map((locale) => mail(locale).text)).size).toBe(3);

    expect(mail('en').subject).toBe('Nimbus can send you mail');
    expect(mail('en').text).not.toMatch(CYRILLIC);
    expect(mail('en').text).not.toMatch(CJK);
    expect(mail('ru').subject).toMatch(CYRILLIC);
    expect(mail('ru').text).toMatch(CYRILLIC);
    expect(mail('ru').html).toMatch(CYRILLIC);
    expect(mail('zh').subject).toMatch(CJK);
    expect(mail('zh').text).toMatch(CJK);
    expect(mail('zh').html).toMatch(CJK);
  });

  it('puts the link in the html as an <a href> and in the text as the bare URL on its own line', () => {
    const { text, html } = mail('en');
    expect(html).toContain(`<a href="${LINK}"`);
    expect(html).toContain(`>${LINK}</a>`);
    expect(text.split('\n')).toContain(LINK);
    expect(text).not.toContain('<a');
  });

  it('frames the html with the Nimbus header and a localised footer, and the text with a signature line', () => {
    expect(mail('en').html).toContain('>Nimbus</td>');
    expect(mail('en').html).toContain('You received this because');
    expect(mail('ru').html).toContain('Вы получили это письмо, потому что');
    expect(mail('zh').html).toContain('您收到这封邮件，是因为');
    expect(mail('en').text).toMatch(/\n-- \nYou received this because/);
    expect(mail('en').html).toContain('<title>Nimbus can send you mail</title>');
  });

  it('escapes a hostile link in the html and keeps it verbatim in the text', () => {
    const hostile = 'https://nimbus.example.com/?q="><script>alert(1)</script>';
    const { text, html } = renderMail('test', 'en', { link: hostile });
    expect(text).toContain(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://nimbus.example.com/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('refuses a link that is not http(s), and a missing param', () => {
    expect(() => renderMail('test', 'en', { link: 'javascript:alert(1)' })).toThrow(/http\(s\) URL/);
    // @ts-expect-error -- a wrong param name is a compile error; at run time it still fails loudly.
    expect(() => renderMail('test', 'en', { url: LINK })).toThrow(/link/);
  });
});

describe('renderSms', () => {
  it('renders the test SMS in each language with the bare link', () => {
    const texts = LOCALES.map((locale) => renderSms('test', locale, { link: LINK }).text);
    expect(new Set(texts).size).toBe(3);
    for (const text of texts) expect(text.endsWith(`\n${LINK}`)).toBe(true);
    expect(renderSms('test', 'ru', { link: LINK }).text).toMatch(CYRILLIC);
    expect(renderSms('test', 'zh', { link: LINK }).text).toMatch(CJK);
    expect(renderSms('test', 'en', { link: LINK })).toEqual({
      text: `Nimbus test message: SMS delivery works. Server:\n${LINK}`,
    });
  });
});

describe('MessageRenderer building blocks', () => {
  interface Mail {
    greeting: { name: string; code: string };
  }
  interface Sms {
    code: { code: string };
  }
  const catalog = (hello: string): MessageCatalog<Mail, Sms> => ({
    mail: {
      greeting: {
        subject: `${hello}, {{name}}`,
        body: `${hello}, {{name}} & co.\n\nYour code:\n\n{{code}}`,
        footer: 'Because <tests>.',
      },
    },
    sms: { code: `${hello}: {{code}}` },
  });
  const renderer = new MessageRenderer<Mail, Sms>({ en: catalog('Hello'), ru: catalog('Привет'), zh: catalog('你好') });

  it('escapes a hostile plain param in the html and keeps it verbatim in subject and text', () => {
    const name = '<script>alert("x")</script>';
    const { subject, text, html } = renderer.mail('greeting', 'en', { name, code: '012345' });
    expect(subject).toBe(`Hello, ${name}`);
    expect(text).toContain(`Hello, ${name} & co.`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hello, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co.');
    expect(html).toContain('<title>Hello, &lt;script&gt;');
    expect(html).toContain('Because &lt;tests&gt;.');
  });

  it('sets a six-digit code apart in the html, plain in the text, and refuses anything else', () => {
    const { text, html } = renderer.mail('greeting', 'ru', { name: 'Анна', code: '012345' });
    expect(text.split('\n')).toContain('012345');
    expect(html).toMatch(/<strong style="[^"]*letter-spacing[^"]*">012345<\/strong>/);
    expect(renderer.sms('code', 'zh', { code: '987654' })).toEqual({ text: '你好: 987654' });
    expect(() => renderer.sms('code', 'en', { code: '12345' })).toThrow(/six digits/);
    expect(() => renderer.sms('code', 'en', { code: '12345a' })).toThrow(/six digits/);
  });
});
