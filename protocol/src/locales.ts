import { z } from 'zod';

/** Languages Nimbus speaks, in the portal and in every mail and SMS it sends. */
export const LOCALES = ['en', 'ru', 'zh'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;
export const DEFAULT_LOCALE: Locale = 'en';

/** Picks the supported locale for a BCP 47 tag such as "ru-RU" or "zh-Hans-CN"; English otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === base) ?? DEFAULT_LOCALE;
}
