import type { Account } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { birthDateParts, formFromAccount, profileChanges } from './profile-form';

const account: Account = {
  id: '0190a1b2-0000-7000-8000-000000000001',
  number: '4821930576',
  status: 'active',
  displayName: null,
  region: 'DE',
  locale: 'en',
  birthDate: '1990-03-04',
  marketingOptIn: false,
  identifiers: [{ kind: 'email', value: 'lena@example.org', verified: true }],
  createdAt: '2026-01-01T00:00:00.000Z',
  deletionDueAt: null,
};
const today = new Date(2026, 10, 22);

describe('the profile form', () => {
  it('reads the date of birth as the selects hold it', () => {
    expect(birthDateParts('1990-03-04')).toEqual({ day: '4', month: '3', year: '1990' });
    expect(formFromAccount(account).birthDate).toEqual({ day: '4', month: '3', year: '1990' });
  });

  it('has nothing to save while nothing differs from the account', () => {
    expect(profileChanges(account, formFromAccount(account), today)).toEqual({ changes: {} });
    // Spaces around an empty name are still no name.
    expect(profileChanges(account, { ...formFromAccount(account), displayName: '   ' }, today)).toEqual({
      changes: {},
    });
  });

  it('sends only the fields that changed, the name trimmed', () => {
    const form = { ...formFromAccount(account), displayName: '  Lena Berg ', locale: 'ru' as const };
    form.birthDate = { ...form.birthDate, day: '5' };
    expect(profileChanges(account, form, today)).toEqual({
      changes: { displayName: 'Lena Berg', locale: 'ru', birthDate: '1990-03-05' },
    });
  });

  it('clears a name that was emptied', () => {
    const named = { ...account, displayName: 'Lena' };
    expect(profileChanges(named, { ...formFromAccount(named), displayName: '' }, today)).toEqual({
      changes: { displayName: null },
    });
  });

  it('names each field that cannot be saved', () => {
    const form = {
      ...formFromAccount(account),
      displayName: 'x'.repeat(65),
      region: null,
      birthDate: { day: '31', month: '2', year: '2000' },
    };
    expect(profileChanges(account, form, today)).toEqual({
      problems: [
        { field: 'displayName', problem: 'tooLong' },
        { field: 'region', problem: 'required' },
        { field: 'birthDate', problem: 'notReal' },
      ],
    });
    expect(profileChanges(account, { ...formFromAccount(account), displayName: 'Lena\tBerg' }, today)).toEqual({
      problems: [{ field: 'displayName', problem: 'controlCharacters' }],
    });
  });
});
