import type { Locale } from '@nimbus/protocol';
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en, ru, zh } from './locales/index';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** Each language names itself, the same in every locale, so a reader finds their own. */
export const LANGUAGE_NAMES = { en: 'English', ru: 'Русский', zh: '中文' } as const satisfies Record<Locale, string>;

const SUPPORTED = Object.keys(LANGUAGE_NAMES) as Locale[];

/** html[lang] for each locale; zh-Hans makes browsers pick Simplified Chinese glyphs. */
const HTML_LANG: Record<Locale, string> = { en: 'en', ru: 'ru', zh: 'zh-Hans' };

export function isLocale(value: string | null | undefined): value is Locale {
  return SUPPORTED.some((locale) => locale === value);
}

/** The locale the portal is showing now. */
export function currentLocale(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

i18n.on('languageChanged', () => {
  document.documentElement.lang = HTML_LANG[currentLocale()];
});

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: en },
      ru: { translation: ru },
      zh: { translation: zh },
    },
    supportedLngs: SUPPORTED,
    fallbackLng: 'en',
    initAsync: false,
    // No advertisement in the browser console of people using the portal.
    showSupportNotice: false,
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'nimbus.language',
      caches: ['localStorage'],
      // "ru-RU" and "zh-Hans-CN" become "ru" and "zh".
      convertDetectedLanguage: (tag) => tag.split(/[-_]/)[0]?.toLowerCase() ?? tag,
    },
  });
