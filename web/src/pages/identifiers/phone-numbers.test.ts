import { describe, expect, it } from 'vitest';
import { REGION_CODES } from '../../account/regions';
import { callingCode, callingCodeOptions, formatPhone, regionOfPhone, toE164 } from './phone-numbers';

describe('phone numbers for the e-mail and phone page', () => {
  it('read a national mobile number in the chosen region, and an international one in its own', () => {
    expect(toE164('0151 23456789', 'DE')).toBe('+4915123456789');
    expect(toE164('8 (916) 123-45-67', 'RU')).toBe('+79161234567');
    expect(toE164('+7 916 123-45-67', 'DE')).toBe('+79161234567');
    expect(toE164('12345', 'DE')).toBeNull();
    // A Berlin landline: it cannot get the SMS with the code.
    expect(toE164('030 12345678', 'DE')).toBeNull();
    expect(toE164('call me', 'DE')).toBeNull();
  });

  it('offer a calling code for every region the server accepts, named in the language', () => {
    const options = callingCodeOptions('en');
    expect(options.map((option) => option.value).sort()).toEqual([...REGION_CODES].sort());
    expect(options).toContainEqual({ value: 'DE', label: 'Germany (+49)' });
    expect(callingCodeOptions('ru')).toContainEqual({ value: 'DE', label: 'Германия (+49)' });
    expect(callingCode('CN')).toBe('+86');
  });

  it('show a stored number readably and know its region', () => {
    expect(formatPhone('+4915123456789')).toBe('+49 1512 3456789');
    expect(regionOfPhone('+79161234567')).toBe('RU');
  });
});
