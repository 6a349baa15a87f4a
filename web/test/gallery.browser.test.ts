import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSuite } from '../../server/src/test/suites.js';
import { activatedAccount, DESKTOP, expectFits, fill, PHONE, usePortal } from './account-steps.js';
import { screenshot, TestSmtpServer } from './browser.js';
import { en } from '../src/locales/index.js';

const words = en.gallery;

/** A real JPEG of `width` × `height` with a gradient (no EXIF: the portal's file time is when it was taken). */
function jpeg(width: number, height: number, hue: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let index = 0; index < raw.length; index += 3) {
    const pixel = index / 3;
    raw[index] = ((pixel % width) + hue) % 256;
    raw[index + 1] = (Math.floor(pixel / width) * 2 + hue) % 256;
    raw[index + 2] = (hue * 3) % 256;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The width of the picture an image shows once loaded (0 before): a string, as tests have no DOM types. */
const naturalWidth = (selector: string) => `document.querySelector(${JSON.stringify(selector)})?.naturalWidth ?? 0`;

/** The status line of an upload in the uploads list. */
const uploadStatus = (page: Page, name: string) =>
  page.locator(`li[data-upload="${name}"]`).locator('[data-upload-status]');

describe.runIf(requireSuite('browser'))('the gallery in the portal', () => {
  const smtp = new TestSmtpServer();
  const portal = usePortal({ smtp });
  let folder = '';
  const sunset = { name: 'sunset-on-the-lake.jpg', path: '' };
  const harbour = { name: 'harbour.jpg', path: '' };

  beforeAll(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-gallery-'));
    sunset.path = path.join(folder, sunset.name);
    harbour.path = path.join(folder, harbour.name);
    await fs.writeFile(sunset.path, await jpeg(640, 480, 40));
    await fs.writeFile(harbour.path, await jpeg(480, 640, 160));
    // The browser reports a file's time as its last change: the gallery files it under that month.
    await fs.utimes(sunset.path, new Date('2026-11-22T14:05:00Z'), new Date('2026-11-22T14:05:00Z'));
    await fs.utimes(harbour.path, new Date('2026-10-03T09:00:00Z'), new Date('2026-10-03T09:00:00Z'));
  });

  afterAll(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('uploads photos, shows their thumbnails by month, opens, deletes and restores them', async () => {
    const session = await activatedAccount(portal.baseUrl, smtp, 'gala.gallery@example.org', 'Ostsee-Strand-27');
    const context = await portal.newContext({ viewport: DESKTOP });
    await context.addCookies(session.cookies);
    const page = await portal.open(context, '/gallery');

    await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
    await page.getByRole('heading', { name: words.empty.title }).waitFor();
    await page.locator('input[type=file]').first().setInputFiles([sunset.path, harbour.path]);

    // Each upload says how far it got, then that it is done.
    await expect.poll(() => uploadStatus(page, sunset.name).innerText(), { timeout: 30_000 }).toMatch(/^Uploaded/);
    await expect.poll(() => uploadStatus(page, harbour.name).innerText(), { timeout: 30_000 }).toMatch(/^Uploaded/);

    // The months come in order, newest first, with their counts, and the thumbnails appear once made.
    const months = page.locator('.gallery-month h2');
    await expect.poll(() => months.allInnerTexts(), { timeout: 30_000 }).toEqual(['November 2026', 'October 2026']);
    const sunsetTile = page.getByRole('link', { name: 'Photo, Nov 22, 2026, 2:05 PM' });
    const thumbnail = sunsetTile.locator('img');
    await thumbnail.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.evaluate<number>(naturalWidth('.gallery-tile img')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.locator('.gallery-tile img').nth(1).waitFor({ timeout: 60_000 });
    await screenshot(page, 'gallery-desktop');

    // The same file again: the account has it, so nothing is uploaded.
    await page.locator('input[type=file]').first().setInputFiles([sunset.path]);
    await expect
      .poll(() => page.locator('[data-status="skipped"] [data-upload-status]').allInnerTexts(), { timeout: 30_000 })
      .toEqual([words.upload.status.skipped]);

    // The viewer: the preview, the details, and the next photo by arrow key.
    await sunsetTile.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/gallery\/[0-9a-f-]{36}$/);
    const sunsetUrl = page.url();
    const viewer = page.getByRole('dialog');
    const preview = viewer.locator('img.viewer-media');
    await preview.waitFor();
    await expect.poll(() => page.evaluate<number>(naturalWidth('img.viewer-media'))).toBe(640);
    const details = viewer.getByRole('complementary', { name: words.viewer.details });
    await details.getByText(fill(words.details.pixels, { width: 640, height: 480 })).waitFor();
    await details.getByText(sunset.name).waitFor();
    await details.getByText(words.details.portal).waitFor();
    const download = details.getByRole('link', { name: words.viewer.downloadOriginal });
    expect(await download.getAttribute('href')).toMatch(/\/content\?download=true$/);
    expect(await viewer.getByRole('button', { name: words.viewer.previous }).isDisabled()).toBe(true);
    await screenshot(page, 'gallery-viewer-desktop');

    await page.keyboard.press('ArrowRight');
    await details.getByText(harbour.name).waitFor();
    await details.getByText(fill(words.details.pixels, { width: 480, height: 640 })).waitFor();
    expect(await viewer.getByRole('button', { name: words.viewer.next }).isDisabled()).toBe(true);
    await viewer.getByRole('button', { name: words.viewer.previous }).click();
    await details.getByText(sunset.name).waitFor();
    expect(page.url()).toBe(sunsetUrl);

    // Deleted from the viewer, it goes to the bin and the viewer shows the next photo.
    await viewer.getByRole('button', { name: words.viewer.delete }).click();
    await details.getByText(harbour.name).waitFor();
    await page.getByRole('button', { name: words.viewer.close }).click();
    await page.getByText(fill(words.delete.doneOne, { name: sunset.name })).waitFor();
    await expect.poll(() => months.allInnerTexts()).toEqual(['October 2026']);

    // In the recycle bin, with its thumbnail and how long it is kept; restored, it is back.
    await page.goto(new URL('/bin?category=gallery', portal.baseUrl).href);
    await page.getByText(fill(en.mediaBin.kept_other, { count: 30 })).waitFor();
    const binList = page.getByRole('list', {
      name: fill(en.mediaBin.listLabel, { section: en.mediaBin.tabs.gallery }),
    });
    await binList.getByText(sunset.name).waitFor();
    await binList.locator('img').first().waitFor();
    await screenshot(page, 'gallery-bin-desktop');
    await page.getByRole('button', { name: fill(en.mediaBin.restoreOne, { name: sunset.name }) }).click();
    await page
      .getByText(fill(en.mediaBin.restoredOne, { name: sunset.name, section: en.mediaBin.tabs.gallery }))
      .waitFor();
    await page.getByRole('heading', { name: fill(en.mediaBin.empty, { section: en.mediaBin.tabs.gallery }) }).waitFor();

    await page.getByRole('link', { name: words.title, exact: true }).click();
    await expect.poll(() => months.allInnerTexts()).toEqual(['November 2026', 'October 2026']);
    await sunsetTile.locator('img').waitFor();

    // Many at once: select both (the second with shift-click), delete them, and bring them back.
    await page
      .getByRole('checkbox', { name: fill(words.select.one, { name: 'Photo, Nov 22, 2026, 2:05 PM' }) })
      .check();
    await page
      .getByRole('checkbox', { name: fill(words.select.one, { name: 'Photo, Oct 3, 2026, 9:00 AM' }) })
      .click({ modifiers: ['Shift'] });
    await page.getByText(fill(words.select.count_other, { count: 2 })).waitFor();
    await page
      .getByRole('region', { name: words.select.bar })
      .getByRole('button', { name: words.select.delete })
      .click();
    await page.getByText(fill(words.delete.done_other, { count: 2 })).waitFor();
    await page.getByRole('heading', { name: words.empty.title }).waitFor();
    await page.getByRole('button', { name: en.recordsCommon.undo }).click();
    await page.getByText(fill(words.delete.restored_other, { count: 2 })).waitFor();
    await expect.poll(() => months.allInnerTexts()).toEqual(['November 2026', 'October 2026']);

    // On a phone: the grid and the viewer fit 360 px.
    const phone = await portal.newContext({ viewport: PHONE });
    await phone.addCookies(session.cookies);
    const small = await portal.open(phone, '/gallery');
    await small.locator('.gallery-tile img').nth(1).waitFor();
    await expectFits(small);
    await screenshot(small, 'gallery-phone');
    await small.locator('.gallery-tile-link').first().click();
    await small.getByRole('dialog').locator('img.viewer-media').waitFor();
    await expectFits(small);
    await screenshot(small, 'gallery-viewer-phone');
    await small.goto(new URL('/bin?category=gallery', portal.baseUrl).href);
    await small.getByText(fill(en.mediaBin.kept_other, { count: 30 })).waitFor();
    await expectFits(small);
  });
});
