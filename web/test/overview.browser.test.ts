import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jpeg, putFile, requireSuite, TestMailbox, vcard } from '../../server/src/test/index.js';
import { accountSession, connectPhone, expectFits, PHONE, usePortal } from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru } from '../src/locales/index.js';

/** The overview of a signed-in account: a tile per part of the cloud, the storage bar, the devices. */
describe.runIf(requireSuite('browser'))('the overview', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp });
  const email = 'lena.overview@example.org';
  const password = 'Weite-Ebene-33-Sued';

  const tile = (page: Page, part: string) =>
    page.getByRole('list', { name: en.home.partsLabel }).locator(`[data-part="${part}"]`);

  it('shows what each part holds and links to it, with the storage and the phones', async () => {
    const session = await accountSession(portal, smtp, email, password);
    const phone = await connectPhone(portal, smtp, email, password, 'Pixel of Lena');
    await phone.create('contacts', [
      { id: 'c-1', data: { vcard: vcard('c-0001', 'Anna Schmidt') } },
      { id: 'c-2', data: { vcard: vcard('c-0002', 'Boris Ivanov') } },
    ]);
    await phone.create('notes', [
      { id: 'n-1', data: { title: 'Groceries', body: 'Milk', updatedAt: '2026-12-06T09:00:00Z' } },
    ]);
    expect((await putFile(phone, await jpeg(640, 480, 7), { section: 'gallery', name: 'a.jpg' })).statusCode).toBe(201);

    const context = await portal.newContext();
    await context.addCookies(session.cookies);
    const page = await portal.open(context, '/');
    await page.getByRole('heading', { level: 1, name: en.home.cloudTitle }).waitFor();
    // Nothing of the old "still being built" page is left.
    expect(await page.getByText(/coming soon|still being built/i).count()).toBe(0);

    await expect.poll(() => tile(page, 'contacts').getAttribute('href')).toBe('/contacts');
    await tile(page, 'contacts').getByText('2 contacts').waitFor();
    expect(await tile(page, 'contacts').textContent()).toMatch(/Updated /);
    await tile(page, 'notes').getByText('1 note', { exact: true }).waitFor();
    await tile(page, 'gallery').getByText('1 photo or video').waitFor();
    await tile(page, 'messages').getByText('0 messages').waitFor();
    expect(await tile(page, 'messages').textContent()).toContain(en.home.never);
    const links = page.getByRole('list', { name: en.home.partsLabel }).getByRole('link');
    const parts = await Promise.all((await links.all()).map((link) => link.getAttribute('href')));
    expect(parts).toEqual([
      '/contacts',
      '/messages',
      '/calls',
      '/calendar',
      '/notes',
      '/gallery',
      '/recordings',
      '/files',
    ]);

    const storage = page.getByRole('region', { name: en.home.storageTitle });
    await storage.getByRole('meter', { name: en.storage.barLabel }).waitFor();
    await storage.locator('[data-part="gallery"]').waitFor();
    expect(await storage.locator('[data-part="files"]').count(), 'only what uses space is listed').toBe(0);
    const devices = page.getByRole('region', { name: en.home.devicesTitle });
    await devices.getByText('Pixel of Lena').waitFor();
    await screenshot(page, 'overview-en-1280', { minColours: 200, minInk: 0.05 });

    // By keyboard: Tab reaches the tiles, Enter opens one.
    let focusedPart: string | null = null;
    for (let presses = 0; presses < 60 && focusedPart !== 'calls'; presses++) {
      await page.keyboard.press('Tab');
      focusedPart = await page.evaluate<string | null>('document.activeElement?.getAttribute("data-part") ?? null');
    }
    expect(focusedPart).toBe('calls');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/calls$/);

    // The server's status stays one link away.
    await page
      .getByRole('navigation', { name: en.layout.navigation })
      .getByRole('link', { name: en.nav.serverStatus })
      .click();
    await page.getByRole('heading', { level: 1, name: en.status.title }).waitFor();
    await page.getByText(en.status.checks.database).waitFor();

    for (const [locale, words, name] of [
      ['en-US', en, 'overview-en-360'],
      ['ru-RU', ru, 'overview-ru-360'],
    ] as const) {
      const phoneContext = await portal.newContext({ viewport: PHONE, locale });
      await phoneContext.addCookies(session.cookies);
      const small = await portal.open(phoneContext, '/');
      await small.getByRole('heading', { level: 1, name: words.home.cloudTitle }).waitFor();
      await small.getByRole('region', { name: words.home.devicesTitle }).getByText('Pixel of Lena').waitFor();
      await small.getByRole('region', { name: words.home.storageTitle }).getByRole('meter').waitFor();
      await expect.poll(() => small.locator('.mantine-Skeleton-root').count()).toBe(0);
      await expectFits(small);
      await screenshot(small, name, { minColours: 200, minInk: 0.05 });
    }
  });

  it('signed out, says what Nimbus is and offers the two ways in', async () => {
    const page = await portal.open(await portal.newContext({ viewport: PHONE }), '/');
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    await expectFits(page);
    await screenshot(page, 'overview-signed-out-en-360', { minColours: 50, minInk: 0.02 });
    await page.locator('#main').getByRole('link', { name: en.nav.register }).click();
    await page.getByRole('heading', { level: 1, name: en.register.title }).waitFor();
  });
});
