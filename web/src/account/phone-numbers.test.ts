import { describe, expect, it } from 'vitest';
import { REGION_CODES } from './regions';
import { callingCodeOf, callingCodeOptions, countryOfPhone, formatInternational, readPhone } from './phone-numbers';

describe('phone numbers in the portal', () => {
  it('offer a calling code for every region the server accepts, searchable by name and code', () => {
    const options = callingCodeOptions('en');
    expect(options.map((option) => option.value).sort()).toEqual([...REGION_CODES].sort());
    expect(options.find((option) => option.value === 'DE')?.label).toBe('Germany +49');
    expect(callingCodeOptions('ru').find((option) => option.value === 'RU')?.label).toBe('Россия +7');
    expect(callingCodeOf('CN')).toBe('+86');
    expect(callingCodeOf('ZZ')).toBeNull();
  });

  it('read a national number in its country, and an international one in its own', () => {
    expect(readPhone('0151 23456789', 'DE')).toEqual({
      e164: '+4915123456789',
      country: 'DE',
      national: '1512 3456789',
    });
    expect(readPhone('8 (916) 123-45-67', 'RU')?.e164).toBe('+79161234567');
    expect(readPhone('+7 916 123 45 67', 'DE')).toEqual({
      e164: '+79161234567',
      country: 'RU',
      national: '916 123 45 67',
    });
  });

  it('refuse what cannot get an SMS: a landline, too few digits, words, nothing', () => {
    // A Berlin landline.
    expect(readPhone('030 1234567', 'DE')).toBeNull();
    expect(readPhone('0151 234', 'DE')).toBeNull();
    expect(readPhone('call me', 'DE')).toBeNull();
    expect(readPhone('  ', 'DE')).toBeNull();
    expect(readPhone('0151 23456789', 'ZZ')).toBeNull();
  });

  it('show a stored number on one line and know its country', () => {
    expect(formatInternational('+4915123456789')).toBe('+49\u00a01512\u00a03456789');
    expect(formatInternational('not a number')).toBe('not a number');
    expect(countryOfPhone('+79161234567')).toBe('RU');
    expect(countryOfPhone('nonsense')).toBeNull();
  });
});
