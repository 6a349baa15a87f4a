import type { Locale } from '@nimbus/protocol';
import i18n from 'i18next';
import { LANGUAGE_NAMES } from '../i18n';

let loading: Promise<void> | undefined;

/** The widget's own strings, from the portal's translations, for each language the portal speaks. */
function registerStrings(): void {
  const registry = globalThis.$altcha.i18n;
  // English comes with the widget; it fills any string the portal does not translate.
  const base = registry.get('en');
  for (const locale of Object.keys(LANGUAGE_NAMES) as Locale[]) {
    const t = i18n.getFixedT(locale);
    registry.set(locale, {
      ...base,
      label: t('captcha.altcha.label'),
      verifying: t('captcha.altcha.verifying'),
      verified: t('captcha.altcha.verified'),
      verificationRequired: t('captcha.altcha.required'),
      waitAlert: t('captcha.altcha.wait'),
      error: t('captcha.altcha.error'),
      expired: t('captcha.altcha.expired'),
      loading: t('captcha.altcha.loading'),
      reload: t('captcha.altcha.reload'),
      verify: t('captcha.altcha.verify'),
      footer: '',
    });
  }
}

/**
 * Loads the ALTCHA widget (a web component) the first time a form needs it: pages without a
 * captcha, and servers that use another kind, never download it.
 */
export function loadAltcha(): Promise<void> {
  loading ??= import('altcha').then(registerStrings, (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
