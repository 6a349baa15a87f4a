import type { DeviceCommand, StreamEvent } from '@nimbus/protocol';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import {
  type ApiSession,
  createTestApp,
  DAY,
  listen,
  MINUTE,
  requireSuite,
  type TestApp,
  type TestDevice,
  TestMailbox,
} from '../../server/src/test/index.js';
import { accountSession, connectPhone } from './account-steps.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, webDir } from './browser.js';
import { en, ru, zh } from '../src/locales/index.js';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };

const OWNER = { email: 'lena.brandt@example.org', password: 'Grüner-Hafen-38-Ost' };
const ANNA = '+49 151 1111 2222';
const BEN = '+49 160 5555 6666';
const NEW_NUMBER = '+49 170 000 1234';

/** A translation with its {{placeholders}} filled in, as i18next would. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

const iso = (time: number) => new Date(time).toISOString();
/** "20261104T180000Z", as iCalendar writes a UTC time. */
const icalUtc = (time: number) =>
  iso(time)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * A Wednesday 18:00 UTC at least five weeks back: a weekly series from there has an occurrence in
 * every week the current month's grid shows.
 */
function weeklySeriesStart(now: Date): number {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 18) - 35 * DAY);
  while (start.getUTCDay() !== 3) start.setTime(start.getTime() - DAY);
  return start.getTime();
}

/** A weekly event as a phone writes it, with a colour and an alarm Nimbus has no field for. */
function choirEvent(start: number): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test Phone//Calendar 1.0//EN',
    'BEGIN:VEVENT',
    'UID:choir-weekly@phone',
    `DTSTAMP:${icalUtc(start)}`,
    `DTSTART:${icalUtc(start)}`,
    `DTEND:${icalUtc(start + 90 * MINUTE)}`,
    'RRULE:FREQ=WEEKLY',
    'SUMMARY:Choir rehearsal',
    'X-PHONE-CALENDAR-COLOR:#3366ff',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'DESCRIPTION:Choir',
    'TRIGGER:-PT30M',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A one-off event at `start`, an hour long. */
function singleEvent(uid: string, summary: string, start: number): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test Phone//Calendar 1.0//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${icalUtc(start)}`,
    `DTSTART:${icalUtc(start)}`,
    `DTEND:${icalUtc(start + 60 * MINUTE)}`,
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** Noon UTC on the 10th of the month before `now`'s: never in the weeks the current month's grid shows. */
function lastMonthTenth(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 12);
}

describe.runIf(requireSuite('browser'))('messages, call log and calendar in the portal', () => {
  const smtp = new TestMailbox();
  let server: TestApp | undefined;
  let baseUrl = '';
  /** The app under test and where it listens, once beforeAll has started it. */
  const at = () => ({ app: server?.app ?? expect.fail('the server did not start'), baseUrl });
  let browser: Browser | undefined;
  let session: ApiSession | undefined;
  let phone: TestDevice | undefined;
  let tablet: TestDevice | undefined;
  const streams: WebSocket[] = [];
  const contexts: BrowserContext[] = [];
  const now = Date.now();

  /** `watch` sees the page before it loads, to follow its requests from the first. */
  async function open(
    pathname: string,
    options: BrowserContextOptions = {},
    watch: (page: Page) => void = () => undefined,
  ): Promise<Page> {
    if (browser === undefined || session === undefined) throw new Error('the browser or the account is missing');
    const context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Europe/Berlin',
      viewport: DESKTOP,
      ...options,
    });
    contexts.push(context);
    await context.addCookies(session.cookies);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch(page);
    await page.goto(new URL(pathname, baseUrl).href);
    return page;
  }

  /** Whether each of the account's devices is online, as the portal reads it. */
  async function onlineDevices(): Promise<Record<string, boolean>> {
    if (session === undefined) throw new Error('the account is missing');
    const answer = await fetch(new URL('/api/v1/devices', baseUrl), {
      headers: { accept: 'application/json', cookie: session.cookieHeader },
    });
    const { devices } = (await answer.json()) as { devices: { id: string; online: boolean }[] };
    return Object.fromEntries(devices.map((device) => [device.id, device.online]));
  }

  const thePhone = () => {
    if (phone === undefined) throw new Error('the phone did not connect');
    return phone;
  };
  const theTablet = () => {
    if (tablet === undefined) throw new Error('the tablet did not connect');
    return tablet;
  };

  const typesOf = async (rows: Locator) => Promise.all((await rows.all()).map((row) => row.getAttribute('data-type')));
  const isFocused = async (locator: Locator) => (await locator.and(locator.page().locator(':focus')).count()) === 1;

  /** Once the dialog has faded in, for the picture. */
  async function dialogShown(page: Page) {
    await expect
      .poll(() => page.evaluate<string>(`getComputedStyle(document.querySelector('[role="dialog"]')).opacity`))
      .toBe('1');
  }

  async function expectFitsPhone(page: Page) {
    expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
  }

  /** Whether a button shows all of its label: neither it nor anything inside it cuts its text off. */
  async function showsWholeLabel(button: Locator): Promise<boolean> {
    // Typed by hand: the tests' TypeScript has no DOM types, and this runs in the page.
    interface Box {
      scrollWidth: number;
      clientWidth: number;
      querySelectorAll(selectors: string): Iterable<Box>;
    }
    return button.evaluate((element: Box) =>
      [element, ...element.querySelectorAll('*')].every((part) => part.scrollWidth <= part.clientWidth),
    );
  }

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp.start();
    server = await createTestApp({
      env: { NIMBUS_WEB_DIR: webDir, NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    });
    baseUrl = await listen(server.app);
    browser = await launchBrowser();
    session = await accountSession(at(), smtp, OWNER.email, OWNER.password);
    phone = await connectPhone(at(), smtp, OWNER.email, OWNER.password, 'Lena’s phone', 'Pixel 8');

    const message = (address: string, body: string, minutesAgo: number, direction: 'in' | 'out', read = true) => ({
      address,
      body,
      time: iso(now - minutesAgo * MINUTE),
      direction,
      read,
      status: direction === 'in' ? 'received' : 'delivered',
      error: null,
    });
    await phone.create('messages', [
      { id: 'sms-anna-1', data: message(ANNA, 'Are you coming to the market on Saturday?', 300, 'in') },
      { id: 'sms-anna-2', data: message(ANNA, 'Yes, around ten.', 290, 'out') },
      { id: 'sms-anna-3', data: message(ANNA, 'Great, bring the big basket', 120, 'in', false) },
      { id: 'sms-ben-1', data: message(BEN, 'Dinner at eight?', 60, 'in') },
      { id: 'sms-ben-2', data: message(BEN, 'Perfect, see you', 55, 'out') },
    ]);
    const call = (number: string, name: string | null, minutesAgo: number, type: string, durationSeconds = 0) => ({
      number,
      name,
      time: iso(now - minutesAgo * MINUTE),
      durationSeconds,
      type,
    });
    await phone.create('calls', [
      { id: 'call-1', data: call(ANNA, 'Anna Vogel', 30, 'incoming', 65) },
      { id: 'call-2', data: call(BEN, null, 90, 'outgoing', 3723) },
      { id: 'call-3', data: call(ANNA, 'Anna Vogel', 200, 'missed') },
      { id: 'call-4', data: call('+49 30 1234 5678', null, 26 * 60, 'missed') },
      { id: 'call-5', data: call('+49 89 9999 0000', null, 27 * 60, 'rejected') },
      { id: 'call-6', data: call('+44 20 7946 0000', null, 50 * 60, 'blocked') },
    ]);
    await phone.create('calendar', [
      { id: 'choir', data: { ics: choirEvent(weeklySeriesStart(new Date(now))) } },
      { id: 'reunion', data: { ics: singleEvent('reunion@phone', 'Class reunion', now - 2 * 365 * DAY) } },
      { id: 'last-month', data: { ics: singleEvent('tax@phone', 'Tax adviser', lastMonthTenth(new Date(now))) } },
    ]);
    // A second device that also syncs messages, registered last (so listed first), and offline.
    tablet = await connectPhone(at(), smtp, OWNER.email, OWNER.password, 'Lena’s tablet', 'Pixel Tablet');
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('searches the conversations, opens one (which reads it), and sends a message the phone reports as sent', async () => {
    // The phone runs the app: its stream is open, so it is online; the tablet is not. Commands
    // come to it over that stream (each handed out once).
    const phoneStream = await thePhone().openStream(baseUrl);
    streams.push(phoneStream);
    const received: DeviceCommand[] = [];
    phoneStream.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString('utf8')) as StreamEvent;
      if (event.type === 'command') received.push(event.command);
    });
    await expect.poll(onlineDevices).toEqual({ [thePhone().id]: true, [theTablet().id]: false });
    await thePhone().pullAll('messages');

    const page = await open('/messages');
    await page.getByRole('heading', { level: 1, name: en.messages.title }).waitFor();
    const threads = page.getByRole('list', { name: en.messages.threadsLabel }).getByRole('link');
    await expect.poll(() => threads.count()).toBe(2);
    // The latest conversation first; Anna's has one unread message.
    expect(await threads.nth(0).textContent()).toContain(BEN);
    await threads
      .nth(1)
      .getByLabel(fill(en.messages.unread_one, { count: 1 }))
      .waitFor();

    await page.getByRole('searchbox', { name: en.messages.search }).fill('basket');
    await expect.poll(() => threads.count()).toBe(1);
    expect(await threads.nth(0).textContent()).toContain(ANNA);
    await threads.nth(0).click();
    const conversation = page.getByRole('list', { name: en.messages.messagesLabel });
    await conversation.getByText('Great, bring the big basket').waitFor();
    // Opened, it is read: the badge goes, and the phone learns it at its next sync.
    await expect
      .poll(() =>
        threads
          .nth(0)
          .getByLabel(fill(en.messages.unread_one, { count: 1 }))
          .count(),
      )
      .toBe(0);
    expect(await thePhone().pullAll('messages')).toMatchObject([
      { id: 'sms-anna-3', deleted: false, data: { read: true, body: 'Great, bring the big basket' } },
    ]);
    // A chat: the oldest message at the top.
    const bodies = await conversation.locator('li[data-direction]').allTextContents();
    expect(bodies.map((text) => text.replace(/(You|They) wrote:/, '').slice(0, 12))).toEqual([
      'Are you comi',
      'Yes, around ',
      'Great, bring',
    ]);
    await page.getByRole('searchbox', { name: en.messages.search }).fill('');
    await expect.poll(() => threads.count()).toBe(2);

    // "New message": the phone, the number, the text.
    await page.getByRole('button', { name: en.messages.new }).click();
    const dialog = page.getByRole('dialog', { name: en.messages.newTitle });
    // Each phone says whether it is online; the online one is chosen, though the tablet is listed first.
    const sendFrom = dialog.getByLabel(en.messages.sendFrom);
    expect(await sendFrom.locator('option').allTextContents()).toEqual([
      fill(en.messages.phoneOffline, { phone: 'Lena’s tablet (Pixel Tablet)' }),
      fill(en.messages.phoneOnline, { phone: 'Lena’s phone (Pixel 8)' }),
    ]);
    expect(await sendFrom.inputValue()).toBe(thePhone().id);
    await dialog.getByText(en.messages.onlineHint).waitFor();
    await sendFrom.selectOption(theTablet().id);
    await dialog.getByText(en.messages.offlineHint).waitFor();
    await dialogShown(page);
    await screenshot(page, 'messages-new-offline-desktop');
    await sendFrom.selectOption(thePhone().id);
    await dialog.getByRole('button', { name: en.messages.send }).click();
    await dialog.getByText(en.messages.errors.addressRequired).waitFor();
    await dialog.getByText(en.messages.errors.bodyRequired).waitFor();
    await dialog.getByRole('textbox', { name: en.messages.to }).fill(NEW_NUMBER);
    await dialog.getByRole('textbox', { name: en.messages.text }).fill('The parcel is at the door');
    await dialog.getByRole('button', { name: en.messages.send }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).searchParams.get('thread')).toBe('+491700001234');
    await page.getByRole('heading', { level: 2, name: NEW_NUMBER }).waitFor();
    const sent = conversation.locator('li[data-direction="out"]', { hasText: 'The parcel is at the door' });
    await sent.getByText(en.messages.status.queued, { exact: true }).waitFor();
    await expect.poll(() => threads.count()).toBe(3);
    await screenshot(page, 'messages-queued-desktop');

    // The phone: the send command arrives; it marks the message as sending, sends it, reports.
    const device = thePhone();
    await expect.poll(() => received.length).toBe(1);
    const commands = received;
    expect(commands).toHaveLength(1);
    const [command] = commands;
    if (command === undefined) throw new Error('no command');
    expect(command.payload).toMatchObject({ address: NEW_NUMBER, body: 'The parcel is at the door' });
    const pulled = await device.pullAll('messages');
    const queued = pulled.find((change) => change.id === command.payload.messageId);
    if (queued === undefined || queued.deleted || queued.category !== 'messages') throw new Error('no queued message');
    expect(queued.data.status).toBe('queued');
    const [sending] = await device.push('messages', [
      { id: queued.id, op: 'upsert', baseVersion: queued.version, data: { ...queued.data, status: 'sending' } },
    ]);
    expect(sending?.status).toBe('applied');
    await sent.getByText(en.messages.status.sending, { exact: true }).waitFor();
    const report = await device.call('POST', `/api/v1/devices/commands/${command.id}/result`, { status: 'done' });
    expect(report.statusCode).toBe(204);
    await sent.getByText(en.messages.status.sent, { exact: true }).waitFor();
    await page.getByRole('status').getByText(en.messages.status.sent, { exact: true }).waitFor({ state: 'attached' });
    await screenshot(page, 'messages-sent-desktop');

    // A reply in an open conversation goes to its number.
    await threads.filter({ hasText: BEN }).click();
    await page.getByRole('heading', { level: 2, name: BEN }).waitFor();
    const reply = page.getByRole('form', { name: en.messages.reply });
    await reply.getByRole('textbox', { name: en.messages.text }).fill('Running ten minutes late');
    // Ctrl+Enter sends from the keyboard, as in chat apps.
    await reply.getByRole('textbox', { name: en.messages.text }).press('Control+Enter');
    await conversation
      .locator('li[data-direction="out"]', { hasText: 'Running ten minutes late' })
      .getByText(en.messages.status.queued, { exact: true })
      .waitFor();
    expect(await reply.getByRole('textbox', { name: en.messages.text }).inputValue()).toBe('');
  });

  it('lists the call log newest first and filters it by missed calls', async () => {
    const page = await open('/calls');
    await page.getByRole('heading', { level: 1, name: en.calls.title }).waitFor();
    const rows = page.locator('li[data-type]');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await typesOf(rows)).toEqual(['incoming', 'outgoing', 'missed', 'missed', 'rejected', 'blocked']);
    // Durations read like a clock; a missed call has none.
    expect(await rows.nth(0).locator('time[datetime="PT1M5S"]').textContent()).toBe('1:05');
    expect(await rows.nth(1).locator('time[datetime="PT1H2M3S"]').textContent()).toBe('1:02:03');
    expect(await rows.nth(2).locator('time[datetime^="PT"]').count()).toBe(0);

    await page.getByText(en.calls.filters.missed, { exact: true }).click();
    expect(await page.getByRole('radio', { name: en.calls.filters.missed }).isChecked()).toBe(true);
    await expect.poll(() => typesOf(rows)).toEqual(['missed', 'missed']);
    expect(await rows.nth(0).textContent()).toContain('Anna Vogel');
    await screenshot(page, 'calls-missed-desktop');

    await page.getByRole('searchbox', { name: en.calls.search }).fill('030 1234');
    await page.getByText(en.calls.noMatches).waitFor();
    await page.getByRole('searchbox', { name: en.calls.search }).fill('30 1234');
    await expect.poll(() => rows.count()).toBe(1);
    // The filter is a radio group: the keyboard moves it too.
    await page.getByRole('radio', { name: en.calls.all }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('searchbox', { name: en.calls.search }).fill('');
    await expect.poll(() => rows.count()).toBe(6);
  });

  it('shows a weekly event in every week of the month, creates an event and edits both', async () => {
    // What the page asks the server for, and the events each answer holds.
    const asked: { range: [string | null, string | null]; summaries: string[] }[] = [];
    const page = await open('/calendar', {}, (watched) => {
      watched.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname !== '/api/v1/records/calendar' || response.request().method() !== 'GET') return;
        void response.json().then((body: { records: { projection: { summary: string } }[] }) => {
          const range: [string | null, string | null] = [url.searchParams.get('from'), url.searchParams.get('to')];
          asked.push({ range, summaries: body.records.map((record) => record.projection.summary) });
        });
      });
    });
    const everything = () => asked.flatMap((answer) => answer.summaries);
    await page.getByRole('heading', { level: 1, name: en.calendar.title }).waitFor();
    const grid = page.getByRole('grid');
    const weeks = grid.locator('tbody tr');
    await expect.poll(() => weeks.filter({ hasText: 'Choir rehearsal' }).count()).toBeGreaterThanOrEqual(4);
    const weekCount = await weeks.count();
    for (let week = 0; week < weekCount; week++) {
      expect(await weeks.nth(week).locator('span', { hasText: 'Choir rehearsal' }).count(), `week ${week + 1}`).toBe(1);
    }
    await screenshot(page, 'calendar-month-desktop');
    // Only the weeks shown are read: last month's appointment and the reunion two years ago are not.
    await expect.poll(everything).toContain('Choir rehearsal');
    for (const { range } of asked) expect(range.every((bound) => bound !== null)).toBe(true);
    expect(everything()).not.toContain('Tax adviser');
    expect(everything()).not.toContain('Class reunion');

    // A new event on the 15th, 10:00 to 11:00 (the end follows the start).
    const today = new Date(now);
    const fifteenth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-15`;
    await page.getByRole('button', { name: en.calendar.new }).click();
    let dialog = page.getByRole('dialog', { name: en.calendar.newTitle });
    await dialog.getByRole('button', { name: en.calendar.save }).click();
    await dialog.getByText(en.calendar.errors.summaryRequired).waitFor();
    await dialog.getByRole('textbox', { name: en.calendar.fields.summary }).fill('Dentist');
    await dialog.getByLabel(en.calendar.fields.startDate).fill(fifteenth);
    await dialog.getByLabel(en.calendar.fields.startTime).fill('10:00');
    expect(await dialog.getByLabel(en.calendar.fields.endTime).inputValue()).toBe('11:00');
    expect(await dialog.getByLabel(en.calendar.fields.endDate).inputValue()).toBe(fifteenth);
    await dialog.getByRole('button', { name: en.calendar.save }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.calendar.notice.created, { summary: 'Dentist' }))
      .waitFor();

    // It is on the 15th; open it from that day's list and change it.
    const day15 = grid.locator('button[data-day="15"]:not([data-outside])');
    await day15.click();
    expect(await day15.getAttribute('aria-label')).toContain(fill(en.calendar.eventCount_one, { count: 1 }));
    await page.locator('[data-event="Dentist"]').click();
    dialog = page.getByRole('dialog', { name: en.calendar.editTitle });
    const title = dialog.getByRole('textbox', { name: en.calendar.fields.summary });
    expect(await title.inputValue()).toBe('Dentist');
    expect(await dialog.getByLabel(en.calendar.fields.startTime).inputValue()).toBe('10:00');
    await title.fill('Dentist, Dr. Roth');
    await dialog.getByRole('textbox', { name: en.calendar.fields.location }).fill('Praxis Mitte');
    await dialog.getByRole('button', { name: en.calendar.save }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.calendar.notice.saved, { summary: 'Dentist, Dr. Roth' }))
      .waitFor();
    await page.locator('[data-event="Dentist, Dr. Roth"]').getByText('Praxis Mitte').waitFor();

    // The weekly event is edited as a series; what the form does not show survives.
    const wednesday = grid.locator('button:not([data-outside])', { hasText: 'Choir rehearsal' }).first();
    await wednesday.click();
    await page.locator('[data-event="Choir rehearsal"]').click();
    dialog = page.getByRole('dialog', { name: en.calendar.editTitle });
    await dialog.getByText(en.calendar.seriesHint).waitFor();
    expect(await dialog.getByLabel(en.calendar.fields.repeat).inputValue()).toBe('weekly');
    await dialog.getByRole('textbox', { name: en.calendar.fields.location }).fill('St. Mary’s hall');
    await dialog.getByRole('button', { name: en.calendar.save }).click();
    await page
      .getByRole('status')
      .getByText(fill(en.calendar.notice.saved, { summary: 'Choir rehearsal' }))
      .waitFor();

    const events = await thePhone().pullAll('calendar');
    const icsOf = (summary: string) => {
      const found = events.find(
        (change) => !change.deleted && change.category === 'calendar' && change.projection.summary === summary,
      );
      return found !== undefined && !found.deleted && found.category === 'calendar' ? found.data.ics : '';
    };
    const choir = icsOf('Choir rehearsal');
    for (const kept of [
      'X-PHONE-CALENDAR-COLOR:#3366ff',
      'TRIGGER:-PT30M',
      'RRULE:FREQ=WEEKLY',
      'UID:choir-weekly@phone',
    ]) {
      expect(choir, kept).toContain(kept);
    }
    expect(choir).toContain('LOCATION:St. Mary’s hall');
    expect(icsOf('Dentist, Dr. Roth')).toContain('LOCATION:Praxis Mitte');

    // The month before is read when it is shown.
    await page.getByRole('button', { name: en.calendar.previousMonth }).click();
    await grid.locator('button:not([data-outside])', { hasText: 'Tax adviser' }).waitFor();
    await expect.poll(everything).toContain('Tax adviser');
    expect(everything()).not.toContain('Class reunion');

    // The agenda lists the coming weeks' rehearsals.
    await page.getByText(en.calendar.views.agenda, { exact: true }).click();
    await page.getByRole('button', { name: en.calendar.showLater }).waitFor();
    expect(await page.locator('[data-event="Choir rehearsal"]').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'calendar-agenda-desktop');
    expect(everything()).not.toContain('Class reunion');
  });

  it('fits a 360 px phone: one conversation at a time, the call log, a compact month and the editor', async () => {
    const page = await open('/messages', { viewport: PHONE });
    await page.getByRole('heading', { level: 1, name: en.messages.title }).waitFor();
    await page.getByRole('list', { name: en.messages.threadsLabel }).getByRole('link').first().waitFor();
    await expectFitsPhone(page);
    await screenshot(page, 'messages-list-360');
    await page.getByRole('link', { name: new RegExp(ANNA.replace(/\+/g, '\\+')) }).click();
    await page.getByRole('heading', { level: 2, name: ANNA }).waitFor();
    await page
      .getByRole('list', { name: en.messages.messagesLabel })
      .getByText('Great, bring the big basket')
      .waitFor();
    expect(await page.getByRole('list', { name: en.messages.threadsLabel }).isVisible()).toBe(false);
    // The conversation takes the screen, its reply box in sight.
    const send = page.getByRole('form', { name: en.messages.reply }).getByRole('button', { name: en.messages.send });
    await expect
      .poll(async () => {
        const box = await send.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
      })
      .toBe(true);
    // Beside the phone choice, "Send" keeps its whole word rather than shrinking to "Sen".
    expect(await showsWholeLabel(send), 'the reply Send button shows its whole label').toBe(true);
    await expectFitsPhone(page);
    await screenshot(page, 'messages-thread-360');
    await page.getByRole('link', { name: en.messages.back }).click();
    await page.getByRole('list', { name: en.messages.threadsLabel }).waitFor();
    // "New message" takes the screen; which phone is online is said under the choice.
    await page.getByRole('button', { name: en.messages.new }).click();
    const composer = page.getByRole('dialog', { name: en.messages.newTitle });
    await composer.getByLabel(en.messages.sendFrom).waitFor();
    await expectFitsPhone(page);
    await dialogShown(page);
    await screenshot(page, 'messages-new-360', { minInk: 0.02 });
    await composer.getByRole('button', { name: en.messages.close }).click();
    await composer.waitFor({ state: 'hidden' });

    await page.goto(new URL('/calls', baseUrl).href);
    await page.locator('li[data-type]').first().waitFor();
    await expectFitsPhone(page);
    await screenshot(page, 'calls-360');

    await page.goto(new URL('/calendar', baseUrl).href);
    const grid = page.getByRole('grid');
    await grid.waitFor();
    await expect.poll(() => grid.locator('button[data-today]').getAttribute('aria-label')).toMatch(/,/);
    await expectFitsPhone(page);
    // Arrow keys move the chosen day; its events are listed below the month.
    await grid.locator('button[data-selected]').focus();
    const selectedDay = async () => Number(await grid.locator('button[data-selected]').getAttribute('data-day'));
    const before = await selectedDay();
    await page.keyboard.press('ArrowRight');
    const after = await selectedDay();
    expect(after === before + 1 || after === 1).toBe(true);
    expect(await isFocused(grid.locator('button[data-selected]'))).toBe(true);
    await screenshot(page, 'calendar-month-360');
    await page.getByRole('button', { name: en.calendar.new }).click();
    const dialog = page.getByRole('dialog', { name: en.calendar.newTitle });
    await dialog.getByRole('textbox', { name: en.calendar.fields.summary }).waitFor();
    await expectFitsPhone(page);
    await screenshot(page, 'calendar-editor-360', { minInk: 0.02 });
  });

  it('speaks Russian and Chinese on a phone, with nothing wider than the screen', async () => {
    for (const [locale, strings] of [
      ['ru-RU', ru],
      ['zh-CN', zh],
    ] as const) {
      const page = await open('/calendar', { viewport: PHONE, locale });
      await page.getByRole('heading', { level: 1, name: strings.calendar.title }).waitFor();
      await page.getByRole('grid').waitFor();
      await expectFitsPhone(page);
      await screenshot(page, `calendar-month-${locale}-360`);
      await page.getByText(strings.calendar.views.agenda, { exact: true }).click();
      await page.getByRole('button', { name: strings.calendar.showLater }).waitFor();
      await expectFitsPhone(page);

      await page.goto(new URL('/calls', baseUrl).href);
      await page.getByRole('heading', { level: 1, name: strings.calls.title }).waitFor();
      await page.getByText(strings.calls.types.missed).first().waitFor();
      await expectFitsPhone(page);
      await screenshot(page, `calls-${locale}-360`);

      await page.goto(new URL(`/messages?thread=${encodeURIComponent(ANNA.replace(/[^\d+]/g, ''))}`, baseUrl).href);
      await page.getByRole('heading', { level: 1, name: strings.messages.title }).waitFor();
      const reply = page.getByRole('form', { name: strings.messages.reply });
      await reply.waitFor();
      expect(await showsWholeLabel(reply.getByRole('button', { name: strings.messages.send })), locale).toBe(true);
      await expectFitsPhone(page);
      await screenshot(page, `messages-thread-${locale}-360`);
    }
  });
});
