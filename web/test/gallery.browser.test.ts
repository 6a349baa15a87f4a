import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSuite, seedGallery, TestMailbox } from '../../server/src/test/index.js';
import { accountSession, DESKTOP, expectFits, fill, PHONE, usePortal } from './account-steps.js';
import { screenshot, screenshots } from './browser.js';
import { en } from '../src/locales/index.js';

const words = en.gallery;

/** Whether ffmpeg is here to make a video (and the server a still frame of it). */
const ffmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

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
  const smtp = new TestMailbox();
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
    const session = await accountSession(portal, smtp, 'gala.gallery@example.org', 'Ostsee-Strand-27');
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
      .toEqual([en.uploadQueue.skipped]);

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
  it.runIf(ffmpeg)('plays a video in the viewer from ranges of its bytes', async () => {
    const clip = path.join(folder, 'kite-flying.webm');
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=2:size=320x240:rate=10',
      '-c:v',
      'libvpx',
      '-b:v',
      '200k',
      clip,
    ]);
    const session = await accountSession(portal, smtp, 'vic.video@example.org', 'Drachen-Wiese-58');
    const context = await portal.newContext({ viewport: DESKTOP });
    await context.addCookies(session.cookies);
    const page = await portal.open(context, '/gallery');
    const ranges: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/content')) ranges.push(response.status());
    });
    await page.getByRole('heading', { name: words.empty.title }).waitFor();
    await page.locator('input[type=file]').first().setInputFiles([clip]);
    await expect
      .poll(() => uploadStatus(page, 'kite-flying.webm').innerText(), { timeout: 30_000 })
      .toMatch(/^Uploaded/);

    // The tile: the still frame ffmpeg made, with a play mark and the length.
    const tile = page.locator('.gallery-tile').first();
    await tile.locator('img').waitFor({ timeout: 60_000 });
    expect(await tile.locator('.media-picture-badge').innerText()).toBe('0:02');
    await tile.locator('.gallery-tile-link').click();
    const video = page.getByRole('dialog').locator('video.viewer-media');
    await video.waitFor();
    await expect
      .poll(() => page.evaluate<number>(`document.querySelector('video.viewer-media')?.readyState ?? 0`), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await page.evaluate<number>(`document.querySelector('video.viewer-media').duration`)).toBeCloseTo(2, 0);
    expect(ranges, 'the player reads the video by ranges').toContain(206);
    await page.getByRole('complementary', { name: words.viewer.details }).getByText('0:02').waitFor();
  });
  it('resumes an upload cut by a reload from where the server stopped, when the same file is picked again', async () => {
    const photo = path.join(folder, 'mountain-panorama.png');
    // 36 MB of noise: more than one 32 MB piece, so the second one can be cut.
    const size = { width: 4000, height: 3000 };
    await sharp(noise(size.width * size.height * 3), { raw: { ...size, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toFile(photo);
    const session = await accountSession(portal, smtp, 'rita.resume@example.org', 'Gipfel-Kreuz-73');
    const context = await portal.newContext({ viewport: DESKTOP });
    await context.addCookies(session.cookies);
    const page = await portal.open(context, '/gallery');
    await page.getByRole('heading', { name: words.empty.title }).waitFor();

    // The second piece never arrives: the page is reloaded while it is under way.
    const tus: { method: string; offset: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/uploads')) {
        tus.push({ method: request.method(), offset: request.headers()['upload-offset'] });
      }
    });
    let cut = false;
    await page.route('**/api/v1/uploads/**', async (route) => {
      if (route.request().method() === 'PATCH' && route.request().headers()['upload-offset'] !== '0') {
        cut = true;
        return; // held until the page goes away
      }
      await route.fallback();
    });
    await page.locator('input[type=file]').first().setInputFiles([photo]);
    await expect.poll(() => cut, { timeout: 60_000 }).toBe(true);
    await page.reload();
    await page.unrouteAll({ behavior: 'ignoreErrors' });

    tus.length = 0;
    await page.getByRole('heading', { name: words.empty.title }).waitFor();
    await page.locator('input[type=file]').first().setInputFiles([photo]);
    await expect
      .poll(() => uploadStatus(page, 'mountain-panorama.png').innerText(), { timeout: 60_000 })
      .toMatch(/^Uploaded/);
    // No new upload was made: the browser asked the old one how far it got and sent the rest.
    expect(tus.map((request) => request.method)).not.toContain('POST');
    expect(tus).toContainEqual({ method: 'PATCH', offset: String(32 * 1024 * 1024) });
    await page.locator('.gallery-tile').first().waitFor();
  });
});

describe.runIf(requireSuite('browser'))('a gallery of 100,000 photos, on an account that is full', () => {
  const smtp = new TestMailbox();
  // 300 kB of space: the photos below are rows of their own, not counted; an upload is.
  const portal = usePortal({ smtp, env: () => ({ NIMBUS_FREE_QUOTA: '300KB' }) });
  const ITEMS = 100_000;
  const YEARS = 8;

  /** Rows straight into the table: the test is about showing a big gallery. No picture files stand behind them. */
  async function seedVastGallery(accountId: string) {
    await seedGallery(portal.app.nimbus.database.db, accountId, {
      count: ITEMS,
      years: YEARS,
      end: Date.UTC(2026, 10, 30),
      thumbnail: 'none',
    });
  }

  it('opens at once, keeps a few hundred elements, and loads only the months scrolled to', async () => {
    const session = await accountSession(portal, smtp, 'vast.gallery@example.org', 'Tausend-Bilder-41');
    const { db } = portal.app.nimbus.database;
    const account = await db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await seedVastGallery(account.id);

    const context = await portal.newContext({ viewport: DESKTOP });
    await context.addCookies(session.cookies);
    const page = await portal.newPage(context);
    const pages: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/media/gallery?')) pages.push(request.url());
    });
    let started = performance.now();
    await page.goto(new URL('/gallery', portal.baseUrl).href);
    await page.getByText('IMG_000000.jpg').waitFor();
    const firstScreenMs = performance.now() - started;

    // The scroll height is the whole gallery's from the start; the document holds only what is on screen.
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(height).toBeGreaterThan((ITEMS / 10) * 100);
    expect(await page.locator('.gallery-tile').count()).toBeLessThan(400);
    expect(pages.length).toBeLessThanOrEqual(2);

    // Half-way down: that month's items, and not the months in between.
    started = performance.now();
    await page.evaluate(`window.scrollTo(0, ${Math.round(height / 2)})`);
    const middle = page.locator('.gallery-tile .media-picture-placeholder').first();
    await expect.poll(() => middle.innerText(), { timeout: 15_000 }).toMatch(/^IMG_0[45]\d{4}\.jpg$/);
    const middleMs = performance.now() - started;
    expect(await page.locator('.gallery-tile').count()).toBeLessThan(400);
    expect(pages.length).toBeLessThanOrEqual(8);
    // Both comfortably under what a person would call slow, even on a busy two-core machine.
    expect(firstScreenMs, 'first screen (a cold page load)').toBeLessThan(15_000);
    expect(middleMs, 'half-way down').toBeLessThan(8_000);
    // The month scrolled to stays named at the top.
    await expect.poll(() => page.locator('.gallery-current-month').innerText()).toMatch(/^[A-Z][a-z]+ 20\d\d$/);
    await page.screenshot({ path: path.join(screenshots, 'gallery-100k-middle.png') });
    console.info(`100,000 photos: first screen ${Math.round(firstScreenMs)} ms, half-way ${Math.round(middleMs)} ms`);

    // The account is over its 300 kB: an upload is refused before its bytes, and says why next to it.
    const big = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-full-')), 'panorama.jpg');
    await fs.writeFile(big, await noisyJpeg(900, 700));
    expect((await fs.stat(big)).size).toBeGreaterThan(300_000);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('input[type=file]').first().setInputFiles([big]);
    await expect
      .poll(() => uploadStatus(page, 'panorama.jpg').innerText(), { timeout: 30_000 })
      .toMatch(/^Not uploaded: Not enough storage: this file needs [\d.]+ kB and [\d.]+ (kB|bytes?) are left\./);
    expect(await page.locator('li[data-upload="panorama.jpg"]').getAttribute('data-status')).toBe('failed');
    await fs.rm(path.dirname(big), { recursive: true, force: true });
  });
});

/** Bytes of noise from a fixed seed (xorshift32): pictures of it hardly compress. */
function noise(length: number): Buffer {
  const raw = Buffer.alloc(length);
  let state = 2463534242;
  for (let index = 0; index < raw.length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    raw[index] = state & 0xff;
  }
  return raw;
}

/** A JPEG of noise: big for its size in pixels. */
function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp(noise(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}
