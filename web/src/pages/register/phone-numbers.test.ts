import { describe, expect, it } from 'vitest';
import { REGION_CODES } from '../../account/regions';
import { callingCodeOptions, formatInternational, readPhone } from './phone-numbers';

describe('phone numbers at sign-up', () => {
  it('offer a calling code for every region the server accepts, searchable by name and code', () => {
    const options = callingCodeOptions('en');
    expect(options.map((option) => option.value).sort()).toEqual([...REGION_CODES].sort());
    expect(options.find((option) => option.value === 'DE')?.label).toBe('Germany +49');
    expect(callingCodeOptions('ru').find((option) => option.value === 'RU')?.label).toBe('Россия +7');
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

  it('refuse what cannot get an SMS: a landline, too few digits, nothing', () => {
    expect(readPhone('030 1234567', 'DE')).toBeNull();
    expect(readPhone('0151 234', 'DE')).toBeNull();
    expect(readPhone('  ', 'DE')).toBeNull();
    expect(readPhone('0151 23456789', 'ZZ')).toBeNull();
  });

  it('show a number on one line', () => {
    expect(formatInternational('+4915123456789')).toBe('+49\u00a01512\u00a03456789');
  });
});
