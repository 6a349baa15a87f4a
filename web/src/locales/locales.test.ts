import { describe, expect, it } from 'vitest';
import { bundles, en, ru, zh } from './index';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every string of a translation as [dotted key, text], e.g. ["outbox.count_one", "{{count}} message"]. */
function strings(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]): [string, string][] =>
    typeof value === 'object' && value !== null
      ? strings(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, String(value)]],
  );
}

const withoutPlural = (key: string) => key.replace(PLURAL_SUFFIX, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
const english = new Map(strings(en).map(([key, text]) => [withoutPlural(key), text]));

describe('the bundles', () => {
  it('each own their top-level keys alone, in every language', () => {
    for (const locale of ['en', 'ru', 'zh'] as const) {
      const owners = new Map<string, string>();
      for (const [bundle, translations] of Object.entries(bundles)) {
        for (const key of Object.keys(translations[locale])) {
          expect(owners.get(key), `${locale} "${key}" is in ${bundle} and ${owners.get(key) ?? ''}`).toBeUndefined();
          owners.set(key, bundle);
        }
      }
    }
  });
});

describe.each([
  ['ru', ru],
  ['zh', zh],
])('the %s translation', (locale, translation) => {
  const entries = strings(translation);

  it('has every English string and no other', () => {
    expect(new Set(entries.map(([key]) => withoutPlural(key)))).toEqual(new Set(english.keys()));
  });

  it('has each plural form its language needs', () => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const plurals = new Set(
      strings(en)
        .filter(([key]) => PLURAL_SUFFIX.test(key))
        .map(([key]) => withoutPlural(key)),
    );
    for (const base of plurals) {
      const forms = entries.map(([key]) => key).filter((key) => withoutPlural(key) === base);
      expect(forms.sort()).toEqual(categories.map((category) => `${base}_${category}`).sort());
    }
  });

  it('keeps the placeholders of the English strings and leaves none empty', () => {
    for (const [key, text] of entries) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(english.get(withoutPlural(key)) ?? ''));
    }
  });
});
