import { describe, expect, it } from 'vitest';
import { looksLikeEmail } from './email-address';

describe('looksLikeEmail', () => {
  it('takes an address with a name, an @ and a domain with a dot', () => {
    expect(looksLikeEmail('anna.schmidt@example.org')).toBe(true);
    expect(looksLikeEmail('a+news@mail.example.co.uk')).toBe(true);
  });

  it('refuses the typos a person makes', () => {
    expect(looksLikeEmail('anna.schmidt')).toBe(false);
    expect(looksLikeEmail('anna@example')).toBe(false);
    expect(looksLikeEmail('@example.org')).toBe(false);
    expect(looksLikeEmail('anna@@example.org')).toBe(false);
    expect(looksLikeEmail('anna schmidt@example.org')).toBe(false);
  });
});
