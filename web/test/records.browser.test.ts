import fs from 'node:fs/promises';
import { MAX_IMPORT_CARDS, type Change, type RecordData, type SyncRecord } from '@nimbus/protocol';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import {
  type ApiSession,
  createTestApp,
  listen,
  phoneVcard,
  requireSuite,
  type TestApp,
  TestMailbox,
} from '../../server/src/test/index.js';
import { accountSession, connectPhone } from './account-steps.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, webDir } from './browser.js';
import { en, ru } from '../src/locales/index.js';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 860 };

/** A translation with its {{placeholders}} filled in, as i18next would ({{count, number}} as "5,000" in English). */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*(,\s*number\s*)?\}\}/g, (_match, name: string, asNumber?: string) => {
    const value = values[name] ?? '';
    return asNumber !== undefined && typeof value === 'number' ? value.toLocaleString('en') : String(value);
  });
}

/** A switch is named by its label and the line under it ("Contacts Last synced …"). */
const startsWith = (label: string) => new RegExp(`^${label}(\\s|$)`);

/** What only the phone knows about Anna: the portal must carry it through every edit. */
const ANNA_EXTRAS =
  'X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Anni;1;;;;;;;;;;;;;\r\n' +
  'X-PHONETIC-FIRST-NAME:Anna\r\n' +
  'EMAIL;TYPE=INTERNET:anna.schmidt@example.org\r\n';

const note = (title: string, body: string, pinned: boolean, minute: number): RecordData<'notes'> => ({
  title,
  body,
  folder: pinned ? 'Home' : null,
  pinned,
  updatedAt: `2026-11-20T09:${String(minute).padStart(2, '0')}:00Z`,
});

/** A vCard of the phone's latest copy of a record, found among pulled changes. */
function latest(changes: Change[], id: string): SyncRecord {
  const change = changes.filter((candidate) => candidate.id === id).at(-1);
  if (change === undefined || change.deleted) throw new Error(`no live ${id} among the pulled changes`);
  return change;
}

const vcardOf = (record: SyncRecord) => {
  if (record.category !== 'contacts') throw new Error(`${record.id} is not a contact`);
  return record.data.vcard;
};

describe.runIf(requireSuite('browser'))('contacts, notes, recycle bin and devices in the portal', () => {
  const smtp = new TestMailbox();
  let server: TestApp | undefined;
  let baseUrl = '';
  /** The app under test and where it listens, once beforeAll has started it. */
  const at = () => ({ app: server?.app ?? expect.fail('the server did not start'), baseUrl });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const streams: WebSocket[] = [];

  async function signedInContext(session: ApiSession, options: Parameters<Browser['newContext']>[0]) {
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', viewport: DESKTOP, ...options });
    contexts.push(context);
    await context.addCookies(session.cookies);
    return context;
  }

  async function open(context: BrowserContext, pathname: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(new URL(pathname, baseUrl).href);
    return page;
  }

  async function expectFitsPhone(page: Page) {
    expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
  }

  /** Whether the device is online, as the portal reads it. */
  async function isOnline(session: ApiSession, deviceId: string): Promise<boolean | undefined> {
    const answer = await fetch(new URL('/api/v1/devices', baseUrl), {
      headers: { accept: 'application/json', cookie: session.cookieHeader },
    });
    const { devices } = (await answer.json()) as { devices: { id: string; online: boolean }[] };
    return devices.find((device) => device.id === deviceId)?.online;
  }

  /** The titles a list shows, in its order. */
  const names = (list: Locator) => list.locator(':scope > li [data-title]').allInnerTexts();

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp.start();
    server = await createTestApp({
      env: { NIMBUS_WEB_DIR: webDir, NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    });
    baseUrl = await listen(server.app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('searches, edits, deletes, restores, imports and exports contacts the phone sees, and writes notes', async () => {
    const email = 'vera.records@example.org';
    const password = 'Kiefern-Ufer-39-Nord';
    const session = await accountSession(at(), smtp, email, password);
    const phone = await connectPhone(at(), smtp, email, password, 'Vera’s Pixel');
    await phone.create('contacts', [
      { id: 'c-anna', data: { vcard: phoneVcard('c-anna', 'Anna', 'Schmidt', '+49 151 2345 0001', ANNA_EXTRAS) } },
      { id: 'c-boris', data: { vcard: phoneVcard('c-boris', 'Boris', 'Ivanov', '+7 916 123-45-67') } },
      { id: 'c-clara', data: { vcard: phoneVcard('c-clara', 'Clara', 'Weber', '+49 30 9876 5432') } },
    ]);
    await phone.create('notes', [
      { id: 'n-shopping', data: note('Shopping', 'Milk\nBread', false, 1) },
      { id: 'n-wifi', data: note('Wi-Fi at home', 'Network: Birke\nPassword on the router', true, 2) },
      { id: 'n-books', data: note('Books to read', '- Solaris\n- Dune', false, 3) },
    ]);
    await phone.pullAll('contacts');
    await phone.pullAll('notes');

    // The contacts by name; searching by a name and by the digits of a number.
    const desktop = await signedInContext(session, {});
    const page = await open(desktop, '/contacts');
    await page.getByRole('heading', { level: 1, name: en.contacts.title }).waitFor();
    expect(await page.title()).toBe(`${en.contacts.title} · ${en.app.name}`);
    const list = page.getByRole('list', { name: en.contacts.listLabel });
    await expect.poll(() => names(list)).toEqual(['Anna Schmidt', 'Boris Ivanov', 'Clara Weber']);
    await screenshot(page, 'records-contacts-en');
    const search = page.getByRole('searchbox', { name: en.contacts.search });
    await search.fill('clara');
    await expect.poll(() => names(list)).toEqual(['Clara Weber']);
    await search.fill('9161234567');
    await expect.poll(() => names(list)).toEqual(['Boris Ivanov']);
    await search.fill('nobody-like-this');
    await page.getByText(fill(en.contacts.empty.noMatch, { q: 'nobody-like-this' })).waitFor();
    await page.getByRole('button', { name: en.recordsCommon.clearSearch }).click();
    await expect.poll(() => names(list)).toHaveLength(3);

    // Anna, with her number to call and her address to write to.
    await list.getByRole('link', { name: /Anna Schmidt/ }).click();
    const detail = page.getByRole('heading', { level: 2, name: 'Anna Schmidt' });
    await detail.waitFor();
    expect(new URL(page.url()).searchParams.get('contact')).toBe('c-anna');
    expect(await page.getByRole('link', { name: '+49 151 2345 0001', exact: true }).getAttribute('href')).toBe(
      'tel:+4915123450001',
    );
    expect(await page.getByRole('link', { name: 'anna.schmidt@example.org', exact: true }).getAttribute('href')).toBe(
      'mailto:anna.schmidt@example.org',
    );
    await screenshot(page, 'records-contact-en');

    // A wrong number is said next to its field; the right one is saved and reaches the phone.
    await page.getByRole('link', { name: en.contacts.edit, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: en.contacts.form.editTitle }).waitFor();
    const number = page.getByRole('textbox', { name: fill(en.contacts.form.phone, { number: 1 }) });
    expect(await number.inputValue()).toBe('+49 151 2345 0001');
    await number.fill('call me');
    await page.getByRole('button', { name: en.contacts.form.save, exact: true }).click();
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(en.contacts.form.phoneInvalid).waitFor();
    await number.fill('+49 151 7777 0001');
    await screenshot(page, 'records-contact-edit-en');
    await page.getByRole('button', { name: en.contacts.form.save, exact: true }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.contacts.saved, { name: 'Anna Schmidt' }))
      .waitFor();
    await page.getByRole('link', { name: '+49 151 7777 0001', exact: true }).waitFor();
    const annaOnPhone = vcardOf(latest(await phone.pullAll('contacts'), 'c-anna'));
    expect(annaOnPhone).toContain('TEL;TYPE=CELL:+49 151 7777 0001');
    expect(annaOnPhone).not.toContain('2345 0001');
    expect(annaOnPhone).toContain('X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Anni;1;;;;;;;;;;;;;');
    expect(annaOnPhone).toContain('X-PHONETIC-FIRST-NAME:Anna');
    expect(annaOnPhone).toContain('UID:c-anna');

    // The phone changes Boris while the portal edits him: the portal shows the phone's copy and
    // lets the owner choose; "mine" keeps the phone's other change too.
    await list.getByRole('link', { name: /Boris Ivanov/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Boris Ivanov' }).waitFor();
    await page.getByRole('link', { name: en.contacts.edit, exact: true }).click();
    await page.getByRole('textbox', { name: en.contacts.form.organization }).fill('Mosfilm');
    const borisAnswer = await phone.call('GET', '/api/v1/records/contacts/c-boris');
    const boris = borisAnswer.json<{ record: SyncRecord }>().record;
    const [pushed] = await phone.push('contacts', [
      {
        id: 'c-boris',
        op: 'upsert',
        baseVersion: boris.version,
        data: { vcard: vcardOf(boris).replace('END:VCARD', 'NOTE:Met at the film festival\r\nEND:VCARD') },
      },
    ]);
    expect(pushed?.status).toBe('applied');
    await page.getByRole('button', { name: en.contacts.form.save, exact: true }).click();
    const conflict = page.getByRole('alert').filter({ hasText: en.recordsCommon.conflict.title });
    await conflict.waitFor();
    await screenshot(page, 'records-contact-conflict-en');
    await conflict.getByRole('button', { name: en.recordsCommon.conflict.keepMine }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.contacts.saved, { name: 'Boris Ivanov' }))
      .waitFor();
    const borisOnPhone = vcardOf(latest(await phone.pullAll('contacts'), 'c-boris'));
    expect(borisOnPhone).toContain('ORG:Mosfilm');
    expect(borisOnPhone).toContain('NOTE:Met at the film festival');

    // Deleting Clara sends her to the Recycle bin, and the phone deletes her too.
    await list.getByRole('link', { name: /Clara Weber/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Clara Weber' }).waitFor();
    await page.getByRole('button', { name: en.contacts.delete, exact: true }).click();
    const deleted = page.getByRole('status').filter({ hasText: fill(en.contacts.deleted, { name: 'Clara Weber' }) });
    await deleted.getByRole('button', { name: en.recordsCommon.undo }).waitFor();
    await expect.poll(() => names(list)).toEqual(['Anna Schmidt', 'Boris Ivanov']);
    expect(await phone.pullAll('contacts')).toMatchObject([{ id: 'c-clara', deleted: true }]);

    // The Recycle bin says how long it keeps things, and brings Clara back everywhere.
    await page.getByRole('navigation').getByRole('link', { name: en.nav.bin }).click();
    await page.getByRole('heading', { level: 1, name: en.bin.title }).waitFor();
    await page.getByText(fill(en.bin.kept_other, { count: 30 })).waitFor();
    const bin = page.getByRole('list', { name: fill(en.bin.listLabel, { category: en.nav.contacts }) });
    await expect.poll(() => names(bin)).toEqual(['Clara Weber']);
    await screenshot(page, 'records-bin-en');
    await bin.getByRole('button', { name: fill(en.bin.restoreOne, { name: 'Clara Weber' }) }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.bin.restored, { name: 'Clara Weber', category: en.nav.contacts }))
      .waitFor();
    await page.getByText(fill(en.bin.empty.title, { category: en.nav.contacts })).waitFor();
    expect(await phone.pullAll('contacts')).toMatchObject([{ id: 'c-clara', deleted: false }]);

    // Importing a .vcf: good cards become contacts; each bad one is named with why it was skipped.
    await page.getByRole('navigation').getByRole('link', { name: en.nav.contacts }).click();
    await expect.poll(() => names(list)).toEqual(['Anna Schmidt', 'Boris Ivanov', 'Clara Weber']);
    const vcf =
      phoneVcard('i-1', 'Dmitri', 'Orlov', '+7 921 000 11 22') +
      phoneVcard('i-2', 'Emma', 'Larsen', '+45 20 30 40 50') +
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old Card\r\nEND:VCARD\r\n' +
      // A photo of more than the 1 MB a contact may take.
      phoneVcard('i-3', 'Felix', 'Huge', '+49 171 000', `PHOTO;ENCODING=b;TYPE=JPEG:${'A'.repeat(1_100_000)}\r\n`);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'friends.vcf',
      mimeType: 'text/vcard',
      buffer: Buffer.from(vcf),
    });
    const summary = page.getByRole('status').filter({ hasText: fill(en.contacts.import.imported_other, { count: 2 }) });
    await summary.getByText(fill(en.contacts.import.skipped_other, { count: 2 })).waitFor();
    expect(await summary.locator('[data-rejections] li').allInnerTexts()).toEqual([
      fill(en.contacts.import.reasons.invalid_vcard, { number: 3 }),
      fill(en.contacts.import.reasons.invalid_data, { number: 4 }),
    ]);
    await expect
      .poll(() => names(list))
      .toEqual(['Anna Schmidt', 'Boris Ivanov', 'Clara Weber', 'Dmitri Orlov', 'Emma Larsen']);
    await screenshot(page, 'records-contacts-imported-en');

    // A file of more cards than one import takes is refused whole, saying how to get it in.
    const tinyCard = (n: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P${n}\r\nEND:VCARD\r\n`;
    await page.locator('input[type="file"]').setInputFiles({
      name: 'everyone.vcf',
      mimeType: 'text/vcard',
      buffer: Buffer.from(Array.from({ length: MAX_IMPORT_CARDS + 1 }, (_, n) => tinyCard(n)).join('')),
    });
    const tooMany = fill(en.contacts.import.tooManyCards_other, { count: MAX_IMPORT_CARDS });
    expect(tooMany).toContain('5,000');
    const refusal = page.getByRole('alert').filter({ hasText: en.contacts.import.failed });
    await refusal.getByText(tooMany).waitFor();
    expect(await names(list)).toEqual(['Anna Schmidt', 'Boris Ivanov', 'Clara Weber', 'Dmitri Orlov', 'Emma Larsen']);
    await screenshot(page, 'records-contacts-too-many-en');
    await refusal.getByRole('button', { name: en.recordsCommon.dismiss }).click();
    await refusal.waitFor({ state: 'hidden' });

    // Exporting gives every contact, Anna with what only her phone knows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: en.contacts.export }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('contacts.vcf');
    const exported = await fs.readFile(await download.path(), 'utf8');
    expect(exported.match(/BEGIN:VCARD/g)).toHaveLength(5);
    expect(exported).toContain('X-PHONETIC-FIRST-NAME:Anna');
    expect(exported).toContain('FN:Emma Larsen');

    // A contact made here is a vCard the phone can read.
    await page.getByRole('link', { name: en.contacts.new }).click();
    await page.getByRole('heading', { level: 2, name: en.contacts.form.newTitle }).waitFor();
    await page.getByRole('button', { name: en.contacts.form.save, exact: true }).click();
    await page.getByText(en.contacts.form.nameNeeded).waitFor();
    await page.getByRole('textbox', { name: en.contacts.form.givenName }).fill('Jonas');
    await page.getByRole('textbox', { name: en.contacts.form.familyName }).fill('Weber');
    await page.getByRole('textbox', { name: fill(en.contacts.form.phone, { number: 1 }) }).fill('+49 170 1234567');
    await page.getByRole('button', { name: en.contacts.form.addEmail }).click();
    await page.getByRole('textbox', { name: fill(en.contacts.form.email, { number: 1 }) }).fill('jonas@example.org');
    await page.getByRole('button', { name: en.contacts.form.save, exact: true }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.contacts.saved, { name: 'Jonas Weber' }))
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Jonas Weber' }).waitFor();
    // The phone has not pulled since the import: Dmitri and Emma come along.
    const cards = (await phone.pullAll('contacts')).map((change) => (change.deleted ? '' : vcardOf(change)));
    expect(cards).toHaveLength(3);
    const jonasCard = cards.find((card) => card.includes('Jonas')) ?? '';
    expect(jonasCard).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\nUID:[0-9a-f-]{36}\r\n/);
    expect(jonasCard).toContain('FN:Jonas Weber');
    expect(jonasCard).toContain('N:Weber;Jonas;;;');
    expect(jonasCard).toContain('TEL;TYPE=CELL:+49 170 1234567');
    expect(jonasCard).toContain('EMAIL:jonas@example.org');

    // Notes: pinned first; a new one is saved and reaches the phone.
    await page.getByRole('navigation').getByRole('link', { name: en.nav.notes }).click();
    await page.getByRole('heading', { level: 1, name: en.notes.title }).waitFor();
    const notes = page.getByRole('list', { name: en.notes.listLabel });
    await expect.poll(() => names(notes)).toEqual(['Wi-Fi at home', 'Books to read', 'Shopping']);
    await page.getByRole('link', { name: en.notes.new }).click();
    await page.getByRole('heading', { level: 2, name: en.notes.newTitle }).waitFor();
    await page.getByRole('textbox', { name: en.notes.form.title }).fill('Dentist');
    await page.getByRole('textbox', { name: en.notes.form.body }).fill('Thursday 15:30\n**Bring the card**');
    await page.getByRole('textbox', { name: en.notes.form.folder }).fill('Health');
    await page.getByRole('button', { name: en.notes.form.save, exact: true }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.notes.saved, { title: 'Dentist' }))
      .waitFor();
    await expect.poll(() => names(notes)).toEqual(['Wi-Fi at home', 'Dentist', 'Books to read', 'Shopping']);
    await screenshot(page, 'records-notes-en');
    const notesOnPhone = await phone.pullAll('notes');
    expect(notesOnPhone).toMatchObject([
      { category: 'notes', data: { title: 'Dentist', body: 'Thursday 15:30\n**Bring the card**', folder: 'Health' } },
    ]);
    // A note deleted by mistake comes back with "Undo".
    await notes.getByRole('link', { name: /Shopping/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Shopping' }).waitFor();
    await page.getByRole('button', { name: en.notes.delete, exact: true }).click();
    const noteDeleted = page.getByRole('status').filter({ hasText: fill(en.notes.deleted, { title: 'Shopping' }) });
    await expect.poll(() => names(notes)).toEqual(['Wi-Fi at home', 'Dentist', 'Books to read']);
    await noteDeleted.getByRole('button', { name: en.recordsCommon.undo }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.notes.restored, { title: 'Shopping' }))
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Shopping' }).waitFor();
    await expect.poll(() => names(notes)).toEqual(['Wi-Fi at home', 'Dentist', 'Books to read', 'Shopping']);
    // The phone learns only where the note ended up: there, as before.
    expect(await phone.pullAll('notes')).toMatchObject([{ id: 'n-shopping', deleted: false }]);

    // Searching notes finds words of the text.
    await page.getByRole('searchbox', { name: en.notes.search }).fill('router');
    await expect.poll(() => names(notes)).toEqual(['Wi-Fi at home']);

    // The same account on a phone in Russian: list, then the contact in its place, nothing wider than the screen.
    const mobile = await signedInContext(session, { viewport: PHONE, locale: 'ru-RU' });
    const phonePage = await open(mobile, '/contacts');
    await phonePage.getByRole('heading', { level: 1, name: ru.contacts.title }).waitFor();
    const phoneList = phonePage.getByRole('list', { name: ru.contacts.listLabel });
    await expect.poll(() => names(phoneList)).toHaveLength(6);
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-contacts-ru-360');
    await phoneList.getByRole('link', { name: /Anna Schmidt/ }).click();
    await phonePage.getByRole('heading', { level: 2, name: 'Anna Schmidt' }).waitFor();
    expect(await phoneList.isVisible()).toBe(false);
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-contact-ru-360');
    await phonePage.getByRole('link', { name: ru.contacts.edit, exact: true }).click();
    await phonePage.getByRole('heading', { level: 2, name: ru.contacts.form.editTitle }).waitFor();
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-contact-edit-ru-360');
    await phonePage.getByRole('link', { name: ru.contacts.back }).click();
    await phoneList.waitFor();

    await phonePage.goto(new URL('/notes?note=n-wifi', baseUrl).href);
    await phonePage.getByRole('heading', { level: 2, name: 'Wi-Fi at home' }).waitFor();
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-note-ru-360');
    await phonePage.goto(new URL('/bin', baseUrl).href);
    await phonePage.getByRole('heading', { level: 1, name: ru.bin.title }).waitFor();
    await phonePage.getByText(fill(ru.bin.empty.title, { category: ru.nav.contacts })).waitFor();
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-bin-ru-360', { minInk: 0.02 });
  });

  it('switches a category off for a phone, which is then refused, and removes the phone, which is signed out', async () => {
    const email = 'timo.devices@example.org';
    const password = 'Birken-Weg-52-Ost';
    const session = await accountSession(at(), smtp, email, password);
    const phone = await connectPhone(at(), smtp, email, password, 'Timo’s Galaxy', 'Galaxy S24');
    await phone.create('contacts', [
      { id: 'c-1', data: { vcard: phoneVcard('c-1', 'Ida', 'Berg', '+46 70 123 45 67') } },
    ]);
    await phone.pullAll('notes');
    // The app runs on the phone: its stream is open, so the phone is online.
    const stream = await phone.openStream(baseUrl);
    streams.push(stream);
    await expect.poll(() => isOnline(session, phone.id)).toBe(true);

    const desktop = await signedInContext(session, {});
    const page = await open(desktop, '/devices');
    await page.getByRole('heading', { level: 1, name: en.devices.title }).waitFor();
    const card = page.getByRole('listitem', { name: 'Timo’s Galaxy' });
    await card.getByText('Galaxy S24').first().waitFor();
    await card.getByText('Android 15').waitFor();
    await card.getByText('1.4.2').waitFor();
    await card.getByText(en.devices.online, { exact: true }).waitFor();
    await card.getByText(en.devices.onlineHint).waitFor();
    // Synced categories say when; the others that they have not synced yet.
    expect(await card.getByText(en.devices.neverSynced).count()).toBe(3);
    const contacts = card.getByRole('switch', { name: startsWith(en.nav.contacts) });
    const everything = card.getByRole('switch', { name: startsWith(en.devices.syncAll) });
    expect(await contacts.isChecked()).toBe(true);
    expect(await everything.isChecked()).toBe(true);
    await screenshot(page, 'records-devices-en');

    await contacts.click({ force: true });
    await page
      .getByRole('status')
      .getByText(fill(en.devices.switchSaved, { name: 'Timo’s Galaxy' }))
      .waitFor();
    expect(await contacts.isChecked()).toBe(false);
    expect(await everything.isChecked()).toBe(false);
    const refused = await phone.call('POST', '/api/v1/sync/contacts', {
      items: [
        { id: 'c-2', op: 'upsert', baseVersion: null, data: { vcard: phoneVcard('c-2', 'Olle', 'Ek', '+46 70 1') } },
      ],
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('category_disabled');
    // Other categories still sync, and the phone reads its switches as the portal set them.
    expect((await phone.call('GET', '/api/v1/sync/notes?since=0')).statusCode).toBe(200);
    const own = (await phone.call('GET', '/api/v1/devices/current')).json<{
      device: { sync: { contacts: boolean } };
    }>();
    expect(own.device.sync.contacts).toBe(false);

    // The app stops: the phone is offline. The same page on a phone in Russian says so.
    stream.close();
    await expect.poll(() => isOnline(session, phone.id)).toBe(false);
    const mobile = await signedInContext(session, { viewport: PHONE, locale: 'ru-RU' });
    const phonePage = await open(mobile, '/devices');
    await phonePage.getByRole('heading', { level: 1, name: ru.devices.title }).waitFor();
    await phonePage.getByText(ru.devices.offline, { exact: true }).waitFor();
    expect(await phonePage.getByText(ru.devices.online, { exact: true }).count()).toBe(0);
    await phonePage.getByRole('switch', { name: startsWith(ru.nav.contacts) }).waitFor();
    expect(await phonePage.getByRole('switch', { name: startsWith(ru.nav.contacts) }).isChecked()).toBe(false);
    await expectFitsPhone(phonePage);
    await screenshot(phonePage, 'records-devices-ru-360');

    // "Everything" turns every category back on.
    await everything.click({ force: true });
    await expect.poll(() => contacts.isChecked()).toBe(true);
    await page
      .getByRole('status')
      .getByText(fill(en.devices.switchSaved, { name: 'Timo’s Galaxy' }))
      .waitFor();
    expect((await phone.call('GET', '/api/v1/sync/contacts?since=0')).statusCode).toBe(200);

    // Removing asks first, then signs the phone out.
    await card.getByRole('button', { name: fill(en.devices.removeOne, { name: 'Timo’s Galaxy' }) }).click();
    const dialog = page.getByRole('dialog', { name: fill(en.devices.confirmTitle, { name: 'Timo’s Galaxy' }) });
    await dialog.getByText(en.devices.confirmText).waitFor();
    // Once the dialog has faded in, for the picture.
    await expect
      .poll(() => page.evaluate<string>(`getComputedStyle(document.querySelector('[role="dialog"]')).opacity`))
      .toBe('1');
    await screenshot(page, 'records-devices-remove-en');
    await dialog.getByRole('button', { name: en.devices.confirm }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.devices.removed, { name: 'Timo’s Galaxy' }))
      .waitFor();
    await page.getByText(en.devices.empty.title).waitFor();
    const signedOut = await phone.call('GET', '/api/v1/sync/notes?since=0');
    expect(signedOut.statusCode).toBe(401);
  });

  it('shows a long address book a page at a time', async () => {
    const email = 'lena.pages@example.org';
    const password = 'Linden-Hof-64-Sued';
    const session = await accountSession(at(), smtp, email, password);
    const phone = await connectPhone(at(), smtp, email, password, 'Lena’s phone');
    const people = Array.from({ length: 120 }, (_, index) => {
      const id = `p-${String(index).padStart(3, '0')}`;
      return { id, data: { vcard: phoneVcard(id, 'Person', String(index).padStart(3, '0'), `+49 170 ${index}`) } };
    });
    await phone.create('contacts', people);

    const desktop = await signedInContext(session, {});
    const page = await open(desktop, '/contacts');
    const list = page.getByRole('list', { name: en.contacts.listLabel });
    await expect.poll(() => names(list)).toHaveLength(50);
    expect((await names(list))[0]).toBe('Person 000');
    await page.getByRole('button', { name: en.recordsCommon.loadMore }).click();
    await expect.poll(() => names(list)).toHaveLength(100);
    await page.getByRole('button', { name: en.recordsCommon.loadMore }).click();
    await expect.poll(() => names(list)).toHaveLength(120);
    expect((await names(list)).at(-1)).toBe('Person 119');
    // The last page: nothing more to ask for.
    expect(await page.getByRole('button', { name: en.recordsCommon.loadMore }).count()).toBe(0);
  });
});
