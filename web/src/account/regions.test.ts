import { getCountries } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { guessRegion, isRegionCode, REGION_CODES, regionName } from './regions';

describe('regions', () => {
  it('are exactly the regions the server accepts (libphonenumber’s)', () => {
    expect([...REGION_CODES].sort()).toEqual([...getCountries()].sort());
  });

  it('have a name in every language of the portal', () => {
    for (const language of ['en', 'ru', 'zh']) {
      for (const code of REGION_CODES) expect(regionName(code, language), `${code} in ${language}`).not.toBe(code);
    }
    expect(regionName('DE', 'ru')).toBe('Германия');
  });

  it('are guessed from the browser’s languages', () => {
    expect(guessRegion(['de-AT', 'en'])).toBe('AT');
    expect(guessRegion(['ru'])).toBe('RU');
    expect(guessRegion(['zh-Hans-CN'])).toBe('CN');
    expect(guessRegion(['not a tag', 'en-GB'])).toBe('GB');
    // "001" (the world) is no region anyone lives in.
    expect(guessRegion(['en-001'])).toBeNull();
    expect(guessRegion([])).toBeNull();
    expect(isRegionCode('ZZ')).toBe(false);
  });
});
