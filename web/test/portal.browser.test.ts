import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp } from '../../server/src/test/app.js';
import { requireSuite, suiteValue } from '../../server/src/test/suites.js';
import en from '../src/locales/en.json' with { type: 'json' };
import ru from '../src/locales/ru.json' with { type: 'json' };
import zh from '../src/locales/zh.json' with { type: 'json' };

const webDir = path.resolve(import.meta.dirname, '../dist');
const screenshots = path.resolve(import.meta.dirname, '../../test-results');

/** Measured in the page; a string, because this file is type-checked without the DOM library. */
const PAGE_WIDTH = 'document.documentElement.scrollWidth';

/** A screenshot shows a page, not a blank or a single-colour error, when it has many colours and much ink. */
function inkOf(file: string): { colours: number; inkShare: number } {
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

describe.runIf(requireSuite('browser'))('the portal in a browser', () => {
  let server: TestApp | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  async function openPage(pathname: string, options: BrowserContextOptions = {}): Promise<Page> {
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'en-US', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(new URL(pathname, baseUrl).href);
    return page;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(webDir, 'index.html'))) {
      throw new Error(
        `${webDir}/index.html is missing: run npm run build first (npm run build -w web builds the portal alone)`,
      );
    }
    server = await createTestApp({ env: { NIMBUS_WEB_DIR: webDir } });
    baseUrl = await listen(server.app);
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
  });

  it('switches to Russian, remembers it across a reload and renders a real page', async () => {
    const page = await openPage('/');
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('textbox', { name: en.language.label }).click();
    await page.getByRole('option', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: ru.home.title }).waitFor();
    await page.getByRole('heading', { name: ru.status.title }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: ru.home.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByRole('textbox', { name: ru.language.label }).inputValue()).toBe('Русский');
    // The server status card has loaded its checks before the picture is taken.
    await page.getByText(ru.status.checks.database).waitFor();

    fs.mkdirSync(screenshots, { recursive: true });
    const file = path.join(screenshots, 'portal-ru.png');
    await page.screenshot({ path: file, fullPage: true });
    const { colours, inkShare } = inkOf(file);
    expect(colours).toBeGreaterThan(200);
    expect(inkShare).toBeGreaterThan(0.05);
  });

  it('fits a 360 px wide phone and opens the navigation with the burger', async () => {
    const page = await openPage('/', { viewport: { width: 360, height: 740 } });
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    await page.getByText(en.status.checks.database).waitFor();
    expect(await page.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(360);

    const navigation = page.getByRole('navigation', { name: en.layout.navigation });
    const overview = navigation.getByRole('link', { name: en.nav.overview, exact: true });
    const onScreen = async () => {
      const box = await overview.boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= 360;
    };
    expect(await onScreen()).toBe(false);
    expect(await navigation.getAttribute('inert'), 'a closed navigation takes no focus').not.toBeNull();
    await page.getByRole('button', { name: en.layout.openNavigation }).click();
    await expect.poll(onScreen).toBe(true);
    expect(await navigation.getAttribute('inert')).toBeNull();

    await navigation.getByRole('link', { name: en.nav.outbox }).click();
    await page.getByRole('heading', { level: 1, name: en.outbox.title }).waitFor();
    expect(await page.getByRole('button', { name: en.layout.openNavigation }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(await page.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(360);
  });

  it('serves the portal for unknown client routes, localised, and JSON 404 for unknown API paths', async () => {
    const page = await openPage('/some/client/route', { locale: 'zh-CN' });
    await page.getByRole('heading', { level: 1, name: zh.notFound.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await page.getByRole('link', { name: zh.notFound.home, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: zh.home.title }).waitFor();

    const api = await fetch(new URL('/api/v1/nope', baseUrl));
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('shows the empty outbox in local mode', async () => {
    const page = await openPage('/dev/outbox');
    await page.getByRole('heading', { level: 1, name: en.outbox.title }).waitFor();
    await page.getByText(en.outbox.empty).waitFor();
  });
});
