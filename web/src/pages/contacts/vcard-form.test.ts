import { describe, expect, it } from 'vitest';
import { emptyEntry, emptyForm, formFromVcard, formProblems, rebaseForm, vcardFromForm } from './vcard-form';

const ANDROID = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'UID:p-0001',
  'FN:Olga Sidorova',
  'N:Sidorova;Olga;Ivanovna;;',
  'TEL;TYPE=CELL,PREF:+49 151 2345 0001',
  'TEL;TYPE=WORK:+49 30 1234',
  'ORG:Acme;Sales',
  'X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Olya;1;;;;;;;;;;;;;',
  'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
  'item1.EMAIL;TYPE=INTERNET:olga@example.org',
  'item1.X-ABLabel:Private',
  'END:VCARD',
  '',
].join('\r\n');

const lines = (vcard: string) => vcard.split('\r\n');

describe('the contact form', () => {
  it('shows what the vCard holds', () => {
    const form = formFromVcard(ANDROID);
    expect(form).toMatchObject({ givenName: 'Olga', familyName: 'Sidorova', organization: 'Acme' });
    expect(form.phones.map(({ value, type, source }) => ({ value, type, source }))).toEqual([
      { value: '+49 151 2345 0001', type: 'cell', source: 0 },
      { value: '+49 30 1234', type: 'work', source: 1 },
    ]);
    expect(form.emails.map(({ value, type }) => ({ value, type }))).toEqual([
      { value: 'olga@example.org', type: null },
    ]);
  });

  it('changes one number and leaves every other property of the card as it was', () => {
    const form = formFromVcard(ANDROID);
    const [mobile, work] = form.phones;
    if (mobile === undefined || work === undefined) throw new Error('two phones expected');
    const edited = vcardFromForm(ANDROID, { ...form, phones: [{ ...mobile, value: '+49 151 9999 0001' }, work] });
    expect(lines(edited)).toEqual(
      lines(ANDROID)
        .map((line) => line.replace('+49 151 2345 0001', '+49 151 9999 0001'))
        // ical.js writes property names and groups in capitals; their case means nothing in a vCard.
        .map((line) => line.replace('item1.EMAIL', 'ITEM1.EMAIL').replace('item1.X-ABLabel', 'ITEM1.X-ABLABEL')),
    );
  });

  it('renames, changes the company, removes and adds numbers and addresses', () => {
    const form = formFromVcard(ANDROID);
    const edited = vcardFromForm(ANDROID, {
      ...form,
      givenName: 'Olga',
      familyName: 'Petrova',
      organization: 'Globex',
      phones: [form.phones[1] ?? emptyEntry(null), { ...emptyEntry('home'), value: '+49 40 555' }],
      emails: [...form.emails, { ...emptyEntry('work'), value: 'o.petrova@globex.example' }],
    });
    const result = lines(edited);
    expect(result).toContain('FN:Olga Petrova');
    // The middle name the form does not show stays.
    expect(result).toContain('N:Petrova;Olga;Ivanovna;;');
    // The department stays with the new company name.
    expect(result).toContain('ORG:Globex;Sales');
    expect(result.filter((line) => line.startsWith('TEL'))).toEqual([
      'TEL;TYPE=WORK:+49 30 1234',
      'TEL;TYPE=HOME:+49 40 555',
    ]);
    expect(result.filter((line) => line.includes('EMAIL'))).toEqual([
      'ITEM1.EMAIL;TYPE=INTERNET:olga@example.org',
      'EMAIL;TYPE=WORK:o.petrova@globex.example',
    ]);
    expect(result).toContain('X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Olya;1;;;;;;;;;;;;;');
    expect(result).toContain('PHOTO;ENCODING=b;TYPE=JPEG:AAAA');
  });

  it('keeps a phone’s own formatted name when only a number changes', () => {
    const card = ANDROID.replace('FN:Olga Sidorova', 'FN:Dr. Olga Sidorova');
    const form = formFromVcard(card);
    const edited = vcardFromForm(card, { ...form, phones: form.phones.slice(0, 1) });
    expect(lines(edited)).toContain('FN:Dr. Olga Sidorova');
  });

  it('writes a vCard 4.0 number in the form 4.0 expects', () => {
    const card =
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\r\nEND:VCARD\r\n';
    const form = formFromVcard(card);
    expect(form.phones[0]?.value).toBe('+1-555-0100');
    const edited = vcardFromForm(card, {
      ...form,
      phones: [
        { ...(form.phones[0] ?? emptyEntry(null)), value: '+1 555 0199' },
        { ...emptyEntry('work'), value: '+1 555 0142' },
      ],
    });
    expect(lines(edited).filter((line) => line.startsWith('TEL'))).toEqual([
      'TEL;TYPE=cell:tel:+1-555-0199',
      'TEL;TYPE=work;VALUE=TEXT:+1 555 0142',
    ]);
  });

  it('makes a new vCard 3.0 with a UID from the form alone', () => {
    const edited = vcardFromForm(null, {
      ...emptyForm(),
      givenName: 'Jonas',
      familyName: 'Weber',
      phones: [{ ...emptyEntry('cell'), value: '+49 170 1234567' }],
    });
    const result = lines(edited);
    expect(result[0]).toBe('BEGIN:VCARD');
    expect(result[1]).toBe('VERSION:3.0');
    expect(result[2]).toMatch(/^UID:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result).toEqual(
      expect.arrayContaining(['N:Weber;Jonas;;;', 'FN:Jonas Weber', 'TEL;TYPE=CELL:+49 170 1234567', 'END:VCARD']),
    );
    expect(formFromVcard(edited)).toMatchObject({ givenName: 'Jonas', familyName: 'Weber' });
  });

  it('names a contact that is only a company by the company', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Acme\r\nORG:Acme\r\nTEL:+49 30 1\r\nEND:VCARD\r\n';
    const form = formFromVcard(card);
    expect(form).toMatchObject({ givenName: '', familyName: '', organization: 'Acme' });
    expect(lines(vcardFromForm(card, { ...form, organization: 'Acme Ltd' }))).toContain('FN:Acme Ltd');
  });

  it('says which fields stop it from being saved', () => {
    const nameless = { ...emptyForm(), phones: [emptyEntry('cell')] };
    expect(formProblems(nameless)).toEqual([{ field: 'name' }]);
    const phone = { ...emptyEntry('cell'), value: 'call me' };
    const email = { ...emptyEntry(null), value: 'olga at example.org' };
    expect(formProblems({ ...emptyForm(), givenName: 'Olga', phones: [phone], emails: [email] })).toEqual([
      { field: 'phones', key: phone.key, problem: 'invalid' },
      { field: 'emails', key: email.key, problem: 'invalid' },
    ]);
    expect(formProblems({ ...emptyForm(), phones: [{ ...phone, value: '+7 (916) 123-45-67' }] })).toEqual([]);
  });

  it('moves an edit onto the server’s newer copy without losing the phone’s changes to other fields', () => {
    const mine = formFromVcard(ANDROID);
    const edited = { ...mine, phones: [{ ...(mine.phones[0] ?? emptyEntry(null)), value: '+49 151 0000 0001' }] };
    // Meanwhile the phone added a note and put the work number first.
    const theirs = ANDROID.replace(
      'TEL;TYPE=CELL,PREF:+49 151 2345 0001\r\nTEL;TYPE=WORK:+49 30 1234',
      'TEL;TYPE=WORK:+49 30 1234\r\nTEL;TYPE=CELL,PREF:+49 151 2345 0001',
    ).replace('END:VCARD', 'NOTE:Met in Berlin\r\nEND:VCARD');
    const saved = lines(vcardFromForm(theirs, rebaseForm(edited, ANDROID, theirs)));
    expect(saved).toContain('NOTE:Met in Berlin');
    expect(saved.filter((line) => line.startsWith('TEL'))).toEqual(['TEL;TYPE=CELL,PREF:+49 151 0000 0001']);
  });
});
