import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requireSuite } from '../../server/src/test/index.js';
import { expectFits, usePortal } from './account-steps.js';
import { screenshot } from './browser.js';
import { en, ru, zh } from '../src/locales/index.js';

describe.runIf(requireSuite('browser'))('the portal in a browser', () => {
  const portal = usePortal();

  async function openPage(pathname: string, options: BrowserContextOptions = {}): Promise<Page> {
    return portal.open(await portal.newContext(options), pathname);
  }

  it('switches to Russian, remembers it across a reload and renders a real page', async () => {
    const page = await openPage('/');
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('textbox', { name: en.language.label }).click();
    await page.getByRole('option', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: ru.home.title }).waitFor();

    // The server's status is where an operator looks: a page of its own, in the navigation.
    await page
      .getByRole('navigation', { name: ru.layout.navigation })
      .getByRole('link', { name: ru.nav.serverStatus })
      .click();
    await page.getByRole('heading', { level: 1, name: ru.status.title }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: ru.status.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByRole('textbox', { name: ru.language.label }).inputValue()).toBe('Русский');
    // The server status card has loaded its checks before the picture is taken.
    await page.getByText(ru.status.checks.database).waitFor();

    await screenshot(page, 'portal-ru', { minColours: 200, minInk: 0.05 });
  });

  it('fits a 360 px wide phone and opens the navigation with the burger', async () => {
    const page = await openPage('/', { viewport: { width: 360, height: 740 } });
    await page.getByRole('heading', { level: 1, name: en.home.title }).waitFor();
    await expectFits(page);

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
    await expectFits(page);
  });

  it('serves the portal for unknown client routes, localised, and JSON 404 for unknown API paths', async () => {
    const page = await openPage('/some/client/route', { locale: 'zh-CN' });
    await page.getByRole('heading', { level: 1, name: zh.notFound.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await page.getByRole('link', { name: zh.notFound.home, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: zh.home.title }).waitFor();

    const api = await fetch(new URL('/api/v1/nope', portal.baseUrl));
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
