import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { MediaItem, Storage } from '@nimbus/protocol';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requireSuite, TestMailbox } from '../../server/src/test/index.js';
import {
  accountSession,
  type ApiSession,
  connectPhone,
  DESKTOP,
  expectFits,
  fill,
  PHONE,
  usePortal,
} from './account-steps.js';
import { screenshot } from './browser.js';
import { formatBytes } from '../src/media/bytes.js';
import { en, ru } from '../src/locales/index.js';

const PASSWORD = 'Birken-Allee-52-Ost';
/** A fresh page loads its code first: on a busy machine that takes longer than expect.poll's default second. */
const POLL = { timeout: 15_000 };

/** A real WAV file: 16-bit mono PCM at 8 kHz, a 440 Hz tone lasting `seconds`. */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index += 1) {
    wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * index) / rate) * 12_000), 44 + index * 2);
  }
  return wav;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A single-request upload over the API, as a phone (or a script) makes it. */
async function putMedia(
  baseUrl: string,
  session: ApiSession,
  bytes: Buffer,
  query: Record<string, string>,
): Promise<MediaItem> {
  const params = new URLSearchParams({ ...query, sha256: sha256(bytes) });
  const answer = await fetch(new URL(`/api/v1/media/upload?${params.toString()}`, baseUrl), {
    method: 'PUT',
    headers: {
      cookie: session.cookieHeader,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/octet-stream',
      accept: 'application/json',
    },
    body: bytes,
  });
  expect(answer.status, await answer.clone().text()).toBe(201);
  return ((await answer.json()) as { item: MediaItem }).item;
}

async function getApi<T>(baseUrl: string, session: ApiSession, path: string): Promise<T> {
  const answer = await fetch(new URL(path, baseUrl), {
    headers: { cookie: session.cookieHeader, accept: 'application/json' },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as T;
}

/** Picks files in the browser's file chooser that `button` opens, as a person would. */
async function chooseFiles(page: Page, button: Locator, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(files);
}

/** The rows of the Files list, by name, in their order (read at once: a row may leave between two reads). */
const entryNames = (page: Page) =>
  page
    .getByRole('list', { name: en.files.listLabel })
    .locator(':scope > li[data-entry]')
    .evaluateAll((rows: { dataset: Record<string, string | undefined> }[]) => rows.map((row) => row.dataset.entry));

/** An <audio> element, typed by hand: the tests' TypeScript has no DOM types, and this runs in the page. */
interface AudioState {
  readyState: number;
  duration: number;
  error: unknown;
}

/** Opens the actions menu of a row and picks one. */
async function rowAction(page: Page, name: string, action: string) {
  await page.getByRole('button', { name: fill(en.files.actions, { name }), exact: true }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}

describe.runIf(requireSuite('browser'))('recordings, files and storage in the portal', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp });

  async function signedIn(session: ApiSession, viewport = DESKTOP): Promise<BrowserContext> {
    const context = await portal.newContext({ viewport, acceptDownloads: true });
    await context.addCookies(session.cookies);
    return context;
  }

  it('makes folders, uploads a file into one, renames, moves, downloads it and deletes the folder', async () => {
    const session = await accountSession(portal, smtp, 'ines.files@example.org', PASSWORD);
    const context = await signedIn(session);
    const page = await portal.open(context, '/files');
    await page.getByRole('heading', { level: 1, name: en.files.title }).waitFor();
    expect(await page.title()).toBe(`${en.files.title} · ${en.app.name}`);
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();

    // Two folders; a third with a taken name is refused beside the field.
    for (const name of ['Projects', 'Archive']) {
      await page.getByRole('button', { name: en.files.newFolder }).click();
      await page.getByRole('textbox', { name: en.files.folderNameLabel }).fill(name);
      await page.getByRole('button', { name: en.files.create }).click();
      await page.getByText(fill(en.files.created, { name })).waitFor();
    }
    await expect.poll(() => entryNames(page), POLL).toEqual(['Archive', 'Projects']);
    await page.getByRole('button', { name: en.files.newFolder }).click();
    const folderName = page.getByRole('textbox', { name: en.files.folderNameLabel });
    await folderName.fill('Projects');
    await page.getByRole('button', { name: en.files.create }).click();
    await page.getByText(fill(en.files.errors.taken, { name: 'Projects' })).waitFor();
    expect(await folderName.getAttribute('aria-invalid')).toBe('true');
    await folderName.fill('a/b');
    await page.getByRole('button', { name: en.files.create }).click();
    await page.getByText(en.files.errors.slash).waitFor();
    await page.getByRole('button', { name: en.files.cancel }).click();

    // Into Projects (its id in the address), and a file uploaded there over tus.
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('folder'), POLL).toMatch(/^[0-9a-f-]{36}$/);
    const breadcrumbs = page.getByRole('navigation', { name: en.files.breadcrumbs });
    await breadcrumbs.getByText('Projects').and(page.locator('[aria-current="page"]')).waitFor();
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();
    const report = randomBytes(300 * 1024 + 7);
    await chooseFiles(page, page.getByRole('button', { name: en.files.upload }), [
      { name: 'report.bin', mimeType: 'application/octet-stream', buffer: report },
    ]);
    await page.locator('[data-upload="report.bin"][data-status="done"]').waitFor();
    await expect.poll(() => entryNames(page), POLL).toEqual(['report.bin']);
    await page.locator('[data-entry="report.bin"]').getByText(formatBytes(report.length, 'en')).waitFor();
    await screenshot(page, 'files-folder-en');

    // Renamed, keeping its bytes.
    await rowAction(page, 'report.bin', en.files.rename);
    const nameField = page.getByRole('textbox', { name: en.files.nameLabel });
    // The dialog puts the cursor in the field itself, with the name before the extension selected.
    await nameField.and(page.locator(':focus')).waitFor();
    expect(await nameField.inputValue()).toBe('report.bin');
    expect(
      await nameField.evaluate((input: { selectionStart: number; selectionEnd: number }) => [
        input.selectionStart,
        input.selectionEnd,
      ]),
    ).toEqual([0, 6]);
    await nameField.fill('report-2026.bin');
    await page.getByRole('button', { name: en.files.save }).click();
    await page.getByText(fill(en.files.renamed, { name: 'report-2026.bin' })).waitFor();
    await expect.poll(() => entryNames(page), POLL).toEqual(['report-2026.bin']);

    // Moved to Archive with the folder picker: up to Files, into Archive, "Move here".
    await rowAction(page, 'report-2026.bin', en.files.move);
    const picker = page.getByRole('dialog', { name: fill(en.files.moveTitle, { name: 'report-2026.bin' }) });
    await picker.getByText(en.files.alreadyHere).waitFor();
    await picker.getByRole('button', { name: en.files.root, exact: true }).click();
    await picker.getByRole('button', { name: fill(en.files.moveInto, { name: 'Archive' }) }).click();
    await picker.getByText('Archive', { exact: true }).and(page.locator('[aria-current="location"]')).waitFor();
    await screenshot(page, 'files-move-en');
    await picker.getByRole('button', { name: en.files.moveHere }).click();
    await page.getByText(fill(en.files.moved, { name: 'report-2026.bin', folder: 'Archive' })).waitFor();
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();

    // Found in Archive through the breadcrumbs, and downloaded byte for byte.
    await breadcrumbs.getByRole('link', { name: en.files.root }).click();
    await page.getByRole('link', { name: 'Archive', exact: true }).click();
    await expect.poll(() => entryNames(page), POLL).toEqual(['report-2026.bin']);
    const download = page.waitForEvent('download');
    await rowAction(page, 'report-2026.bin', en.files.download);
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('report-2026.bin');
    const savedBytes = await fs.readFile(await saved.path());
    expect(sha256(savedBytes)).toBe(sha256(report));

    // The folder and the file in it go to the recycle bin together.
    await breadcrumbs.getByRole('link', { name: en.files.root }).click();
    await expect.poll(() => entryNames(page), POLL).toEqual(['Archive', 'Projects']);
    await rowAction(page, 'Archive', en.files.delete);
    const confirm = page.getByRole('dialog', { name: fill(en.files.deleteTitle, { name: 'Archive' }) });
    await confirm.getByText(fill(en.files.deleteFolder_other, { count: 30 })).waitFor();
    await confirm.getByRole('button', { name: en.files.confirmDelete }).click();
    await page.getByText(fill(en.files.deleted, { name: 'Archive' })).waitFor();
    await expect.poll(() => entryNames(page), POLL).toEqual(['Projects']);
    const bin = await getApi<{ items: MediaItem[]; folders: { name: string }[] }>(
      portal.baseUrl,
      session,
      '/api/v1/media/bin',
    );
    expect(bin.folders.map((folder) => folder.name)).toEqual(['Archive']);
    // The file went with its folder: listed under it, not on its own, and counted in the bin.
    expect(bin.items).toEqual([]);
    const storage = await getApi<Storage>(portal.baseUrl, session, '/api/v1/storage');
    expect(storage.breakdown.bin).toBe(report.length);
    expect(storage.breakdown.files).toBe(0);

    // Undo brings it back; deleted again, it stays deleted.
    await page.getByRole('button', { name: en.recordsCommon.undo }).click();
    await page.getByText(fill(en.files.restored, { name: 'Archive' })).waitFor();
    await expect.poll(() => entryNames(page), POLL).toEqual(['Archive', 'Projects']);
    await rowAction(page, 'Archive', en.files.delete);
    await page.getByRole('button', { name: en.files.confirmDelete }).click();
    await expect.poll(() => entryNames(page), POLL).toEqual(['Projects']);
    await screenshot(page, 'files-root-en');

    // A phone: everything reachable, nothing sideways.
    const phone = await portal.open(await signedIn(session, PHONE), '/files');
    await expect.poll(() => entryNames(phone), POLL).toEqual(['Projects']);
    await phone.getByRole('link', { name: 'Projects', exact: true }).click();
    await chooseFiles(phone, phone.getByRole('button', { name: en.files.upload }), [
      {
        name: 'A rather long document name for a small phone screen.pdf',
        mimeType: 'application/pdf',
        buffer: randomBytes(2048),
      },
    ]);
    await phone.locator('[data-status="done"]').waitFor();
    await expect.poll(() => entryNames(phone), POLL).toHaveLength(1);
    await expectFits(phone);
    await screenshot(phone, 'files-folder-phone');
    const [longName = ''] = (await entryNames(phone)).filter((name) => name !== undefined);
    await rowAction(phone, longName, en.files.move);
    await phone.getByRole('button', { name: en.files.root, exact: true }).last().click();
    await phone.getByRole('button', { name: fill(en.files.moveInto, { name: 'Projects' }) }).waitFor();
    await expectFits(phone);
    await screenshot(phone, 'files-move-phone');
  });

  it('continues an upload cut off by closing the page when the same file is chosen again', async () => {
    const session = await accountSession(portal, smtp, 'ines.resume@example.org', PASSWORD);
    const context = await signedIn(session);
    const page = await portal.open(context, '/files');
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();
    const offsets: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/api/v1/uploads/')) {
        offsets.push(Number(request.headers()['upload-offset']));
      }
    });
    // Chromium's own throttling makes the upload take seconds, so the page can go away in the middle.
    const network = await context.newCDPSession(page);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 4_000_000,
      uploadThroughput: 256 * 1024,
    });
    const video = { name: 'holiday.mp4.part', mimeType: 'application/octet-stream', buffer: randomBytes(1024 * 1024) };
    await chooseFiles(page, page.getByRole('button', { name: en.files.upload }), [video]);
    await page.locator('[data-upload="holiday.mp4.part"][data-status="uploading"]').waitFor();
    await expect.poll(() => offsets.length, POLL).toBe(1);
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();

    // The same file again: the browser remembers the unfinished upload and continues it.
    await chooseFiles(page, page.getByRole('button', { name: en.files.upload }), [video]);
    await page.locator('[data-upload="holiday.mp4.part"][data-status="done"]').waitFor();
    expect(offsets).toHaveLength(2);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeGreaterThan(0);
    expect(offsets[1]).toBeLessThan(video.buffer.length);
    await expect.poll(() => entryNames(page), POLL).toEqual(['holiday.mp4.part']);
    const listing = await getApi<{ files: MediaItem[] }>(portal.baseUrl, session, '/api/v1/media/files');
    expect(listing.files[0]?.sha256).toBe(sha256(video.buffer));
    const storage = await getApi<Storage>(portal.baseUrl, session, '/api/v1/storage');
    expect(storage.breakdown.uploads).toBe(0);
  });

  it('lists recordings, plays one in the browser, downloads and deletes it', async () => {
    const session = await accountSession(portal, smtp, 'ines.recordings@example.org', PASSWORD);
    // A call recording from a phone, over the API.
    const call = toneWav(2.5);
    await putMedia(portal.baseUrl, session, call, {
      section: 'recordings',
      name: 'call-20261120.wav',
      callNumber: '+49 151 2345 0001',
      takenAt: '2026-11-20T09:30:00Z',
    });
    const context = await signedIn(session);
    const page = await portal.open(context, '/recordings');
    await page.getByRole('heading', { level: 1, name: en.recordings.title }).waitFor();
    const list = page.getByRole('list', { name: en.recordings.listLabel });
    await list.locator('[data-call-number]').getByText('+49 151 2345 0001').waitFor();
    await list.getByText('0:03').waitFor();

    // A voice memo uploaded in the portal: titled from its file name, newest first.
    const memo = toneWav(1.2);
    await chooseFiles(page, page.getByRole('button', { name: en.recordings.upload }), [
      { name: 'Shopping list.wav', mimeType: 'audio/wav', buffer: memo },
    ]);
    await page.locator('[data-upload="Shopping list.wav"][data-status="done"]').waitFor();
    await expect.poll(() => list.locator('[data-title]').allInnerTexts(), POLL).toHaveLength(2);
    const titles = await list.locator('[data-title]').allInnerTexts();
    expect(titles[0]).toBe('Shopping list');
    expect(titles[1]).toMatch(/^Recording, Nov 20, 2026/);
    await list.getByText(en.recordings.voice).waitFor();

    // Played by the browser: one player, which has read the sound's length.
    await page.getByRole('button', { name: fill(en.recordings.play, { name: 'Shopping list' }) }).click();
    const player = page.getByRole('region', { name: en.recordings.player });
    await player.getByText('Shopping list').waitFor();
    const audio = player.locator('audio');
    await expect.poll(() => audio.evaluate((element: AudioState) => element.duration), POLL).toBeCloseTo(1.2, 1);
    // HAVE_METADATA or more: the browser has read the recording through the content route.
    expect(await audio.evaluate((element: AudioState) => element.readyState)).toBeGreaterThanOrEqual(1);
    expect(await audio.evaluate((element: AudioState) => element.error)).toBeNull();
    await screenshot(page, 'recordings-en');

    // The download link gives the very bytes.
    const href = await page
      .getByRole('link', { name: fill(en.recordings.download, { name: 'Shopping list' }) })
      .getAttribute('href');
    expect(href).toMatch(/download=true$/);
    const downloaded = await context.request.get(new URL(href ?? '', portal.baseUrl).href);
    expect(sha256(await downloaded.body())).toBe(sha256(memo));

    // Deleted to the bin (the player closes), then back with Undo.
    await page.getByRole('button', { name: fill(en.recordings.delete, { name: 'Shopping list' }) }).click();
    await page.getByText(fill(en.recordings.deleted, { name: 'Shopping list' })).waitFor();
    await expect.poll(() => list.locator('[data-title]').allInnerTexts(), POLL).toHaveLength(1);
    expect(await player.count()).toBe(0);
    await page.getByRole('button', { name: en.recordsCommon.undo }).click();
    await expect.poll(() => list.locator('[data-title]').allInnerTexts(), POLL).toHaveLength(2);

    const phone = await portal.open(await signedIn(session, PHONE), '/recordings');
    await phone.getByRole('button', { name: fill(en.recordings.play, { name: 'Shopping list' }) }).click();
    await phone.getByRole('region', { name: en.recordings.player }).waitFor();
    await expectFits(phone);
    await screenshot(phone, 'recordings-phone');
  });

  it('shows the storage the server counts, part by part', async () => {
    const session = await accountSession(portal, smtp, 'ines.storage@example.org', PASSWORD);
    await putMedia(portal.baseUrl, session, randomBytes(700 * 1024), { section: 'files', name: 'big.bin' });
    await putMedia(portal.baseUrl, session, toneWav(3), { section: 'recordings', name: 'memo.wav' });
    const trashed = await putMedia(portal.baseUrl, session, randomBytes(120 * 1024), {
      section: 'files',
      name: 'old.bin',
    });
    const trash = await fetch(new URL('/api/v1/media/trash', portal.baseUrl), {
      method: 'POST',
      headers: { cookie: session.cookieHeader, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [trashed.id] }),
    });
    expect(trash.status).toBe(200);
    const storage = await getApi<Storage>(portal.baseUrl, session, '/api/v1/storage');
    expect(storage.quotaBytes).toBe(5 * 1024 ** 3);

    const page = await portal.open(await signedIn(session), '/storage');
    await page.getByRole('heading', { level: 1, name: en.storage.title }).waitFor();
    const used = fill(en.storage.used, {
      used: formatBytes(storage.usedBytes, 'en'),
      total: formatBytes(storage.quotaBytes, 'en'),
    });
    expect(used).toMatch(/ of 5 GB used$/);
    await page.getByText(used, { exact: true }).waitFor();
    expect(await page.getByRole('meter', { name: en.storage.barLabel }).getAttribute('aria-valuenow')).toBe(
      String(storage.usedBytes),
    );
    for (const part of ['gallery', 'recordings', 'files', 'records', 'bin', 'uploads'] as const) {
      const row = page.locator(`[data-part="${part}"]`);
      expect(await row.locator('dt').innerText()).toBe(en.storage.parts[part]);
      expect(await row.locator('dd').innerText()).toBe(formatBytes(storage.breakdown[part], 'en'));
    }
    expect(storage.breakdown.files).toBe(700 * 1024);
    expect(storage.breakdown.bin).toBe(120 * 1024);
    await page.getByText(en.storage.plans.free).waitFor();
    await screenshot(page, 'storage-en');

    // In Russian on a phone: the same figures, in Russian units and words.
    const russian = await portal.newContext({ viewport: PHONE, locale: 'ru-RU' });
    await russian.addCookies(session.cookies);
    const phone = await portal.open(russian, '/storage');
    await phone.getByRole('heading', { level: 1, name: ru.storage.title }).waitFor();
    await phone
      .getByText(
        fill(ru.storage.used, {
          used: formatBytes(storage.usedBytes, 'ru'),
          total: formatBytes(storage.quotaBytes, 'ru'),
        }),
        { exact: true },
      )
      .waitFor();
    expect(await phone.locator('[data-part="files"] dd').innerText()).toBe(formatBytes(700 * 1024, 'ru'));
    await expectFits(phone);
    await screenshot(phone, 'storage-phone-ru');
  });
});

describe.runIf(requireSuite('browser'))('an account that is nearly full', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp, env: () => ({ NIMBUS_FREE_QUOTA: '100KB' }) });

  it('refuses an upload that does not fit, warns when nearly full, and once over the quota still lists, downloads and deletes', async () => {
    const session = await accountSession(portal, smtp, 'ines.full@example.org', PASSWORD);
    await putMedia(portal.baseUrl, session, randomBytes(95 * 1000), { section: 'files', name: 'most.bin' });
    const context = await portal.newContext();
    await context.addCookies(session.cookies);
    const page = await portal.open(context, '/files');
    await expect.poll(() => entryNames(page), POLL).toEqual(['most.bin']);
    const big = randomBytes(40 * 1024);
    await chooseFiles(page, page.getByRole('button', { name: en.files.upload }), [
      { name: 'too-big.bin', mimeType: 'application/octet-stream', buffer: big },
    ]);
    const failed = page.locator('[data-upload="too-big.bin"][data-status="failed"]');
    await failed.waitFor();
    const storage = await getApi<Storage>(portal.baseUrl, session, '/api/v1/storage');
    const left = storage.quotaBytes - storage.usedBytes;
    const reason = fill(en.uploadQueue.noSpace, {
      needed: formatBytes(big.length, 'en'),
      free: formatBytes(left, 'en'),
    });
    await failed.getByRole('alert').getByText(fill(en.uploadQueue.failed, { reason })).waitFor();
    // Nothing of it stays: no file, no space held.
    expect(storage.breakdown.uploads).toBe(0);
    await expect.poll(() => entryNames(page), POLL).toEqual(['most.bin']);
    await screenshot(page, 'files-refused-en');

    await page.getByRole('link', { name: en.nav.storage }).click();
    await page.getByRole('status').getByText(en.storage.nearlyFullTitle).waitFor();
    await page
      .getByText(fill(en.storage.nearlyFullText, { free: formatBytes(storage.quotaBytes - storage.usedBytes, 'en') }))
      .waitFor();
    await screenshot(page, 'storage-nearly-full-en');

    // A phone's notes count too, and what does not fit is refused as an upload is (507).
    const phone = await connectPhone(portal, smtp, 'ines.full@example.org', PASSWORD, 'Ines’s Pixel');
    const diary = {
      title: 'Diary',
      body: 'Dear diary. '.repeat(1500),
      folder: null,
      pinned: false,
      updatedAt: '2026-11-20T09:00:00Z',
    };
    const refused = await phone.call('POST', '/api/v1/sync/notes', {
      items: [{ id: 'n-diary', op: 'upsert', baseVersion: null, data: diary }],
    });
    expect(refused.statusCode).toBe(507);
    await phone.create('notes', [{ id: 'n-short', data: { ...diary, body: 'Dear diary.' } }]);
    // The operator lowers the free quota below what the account keeps: it is now over its quota.
    const lowered = storage.usedBytes - 20 * 1000;
    portal.app.modules.storage.useLimits({ limitOf: () => Promise.resolve({ bytes: lowered, plan: 'free' }) });
    const over = await getApi<Storage>(portal.baseUrl, session, '/api/v1/storage');
    expect(over.readOnly).toBe(true);
    expect(over.breakdown.records).toBeGreaterThan(0);
    await page.reload();
    const full = page.getByRole('alert').filter({ hasText: en.storage.fullTitle });
    await full.getByText(en.storage.fullText).waitFor();
    await page
      .getByText(fill(en.storage.over, { over: formatBytes(over.usedBytes - over.quotaBytes, 'en') }), { exact: true })
      .waitFor();
    await screenshot(page, 'storage-full-en');

    // A new note does not fit either: the editor says why, next to Save, and keeps what was typed.
    await page.getByRole('navigation').getByRole('link', { name: en.nav.notes }).click();
    await page.getByRole('link', { name: en.notes.new }).click();
    await page.getByRole('textbox', { name: en.notes.form.title }).fill('Holiday plans');
    await page.getByRole('textbox', { name: en.notes.form.body }).fill('Pack the tent');
    await page.getByRole('button', { name: en.notes.form.save, exact: true }).click();
    await page.getByText(en.errors.storageFull).waitFor();
    expect(await page.getByRole('textbox', { name: en.notes.form.title }).inputValue()).toBe('Holiday plans');

    // Read-only for new uploads only: the Files page says so, and still lists, downloads and deletes.
    await page.getByRole('link', { name: en.nav.files }).click();
    await page.getByRole('alert').filter({ hasText: en.storage.fullShort }).waitFor();
    await expect.poll(() => entryNames(page), POLL).toEqual(['most.bin']);
    const download = page.waitForEvent('download');
    await rowAction(page, 'most.bin', en.files.download);
    expect((await fs.readFile(await (await download).path())).length).toBe(95 * 1000);
    await rowAction(page, 'most.bin', en.files.delete);
    await page.getByRole('button', { name: en.files.confirmDelete }).click();
    await page.getByText(fill(en.files.deleted, { name: 'most.bin' })).waitFor();
    await page.getByRole('heading', { name: en.files.emptyTitle }).waitFor();
  });
});
