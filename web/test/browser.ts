import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { suiteValue } from '../../server/src/test/index.js';

export const webDir = path.resolve(import.meta.dirname, '../dist');
export const screenshots = path.resolve(import.meta.dirname, '../../test-results');

/** Measured in the page; a string, because this file is type-checked without the DOM library. */
export const PAGE_WIDTH = 'document.documentElement.scrollWidth';

export function requireBuiltPortal(): void {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(
      `${webDir}/index.html is missing: run npm run build first (npm run build -w web builds the portal alone)`,
    );
  }
}

/** Headless Chromium from NIMBUS_TEST_CHROMIUM, without anything that would reach the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: suiteValue('browser'),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A screenshot shows a page, not a blank or a single-colour error, when it has many colours and much ink. */
export function inkOf(file: string): { colours: number; inkShare: number } {
  const png = PNG.sync.read(fs.readFileSync(file));
  const counts = new Map<number, number>();
  for (let offset = 0; offset < png.data.length; offset += 4) {
    const rgb = ((png.data[offset] ?? 0) << 16) | ((png.data[offset + 1] ?? 0) << 8) | (png.data[offset + 2] ?? 0);
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  const pixels = png.width * png.height;
  return { colours: counts.size, inkShare: (pixels - background) / pixels };
}

/**
 * Saves a full-page screenshot to test-results/ and checks it shows a real page: at least
 * `minColours` colours and `minInk` of the pixels off the background (a sparse form has less).
 */
export async function screenshot(page: Page, name: string, { minColours = 100, minInk = 0.03 } = {}): Promise<string> {
  fs.mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, `${name}.png`);
  // From the top: a page scrolled to a focused field would put the fixed header mid-picture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage: true });
  const { colours, inkShare } = inkOf(file);
  expect(colours, `${name}.png has the colours of a page`).toBeGreaterThan(minColours);
  expect(inkShare, `${name}.png is not blank`).toBeGreaterThan(minInk);
  return file;
}
