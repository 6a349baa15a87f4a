import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * ISO 3166-1 alpha-2 codes the server accepts as a region: the regions libphonenumber knows, which
 * the phone sign-up offers too. Names come from the browser (Intl.DisplayNames) in the portal's
 * language, so no list of names is shipped.
 */
export const REGION_CODES: readonly string[] = (
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY ' +
  'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ ' +
  'FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR ' +
  'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH ' +
  'MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK ' +
  'PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA ' +
  'TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const KNOWN = new Set<string>(REGION_CODES);

export function isRegionCode(code: string): boolean {
  return KNOWN.has(code);
}

/** The localised name of a region, e.g. "DE" → "Germany" / "Германия" / "德国"; the code if the browser has none. */
export function regionName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Every region as a Select option, named and sorted in the portal's language. */
export function useRegionOptions(): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    const collator = new Intl.Collator(language);
    return REGION_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) =>
      collator.compare(a.label, b.label),
    );
  }, [language]);
}

/**
 * The region the browser's languages suggest: "de-AT" → AT; a bare "ru" → RU by the likeliest
 * region of the language. Null when none of them names a region the server knows.
 */
export function guessRegion(languages: readonly string[] = navigator.languages): string | null {
  for (const tag of languages) {
    try {
      const locale = new Intl.Locale(tag);
      const region = locale.region ?? locale.maximize().region;
      if (region !== undefined && isRegionCode(region)) return region;
    } catch {
      // Not a valid language tag: try the next.
    }
  }
  return null;
}
