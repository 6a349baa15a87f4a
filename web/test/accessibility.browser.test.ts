import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpeg, putFile, requireSuite, TestMailbox, vcard, wav } from '../../server/src/test/index.js';
import {
  accountSession,
  type ApiSession,
  connectPhone,
  DESKTOP,
  PHONE,
  submitSignIn,
  usePortal,
} from './account-steps.js';
import { blockingViolations, describeViolations } from './axe.js';
import { en } from '../src/locales/index.js';

/** Every page a signed-out visitor can open (from the router in web/src/app.tsx). */
const SIGNED_OUT = [
  '/',
  '/sign-in',
  '/register',
  '/register/check-email',
  '/activate',
  '/recover',
  '/dev/outbox',
  '/server',
  '/no/such/page',
];

/** Every page of a signed-in account (from the router in web/src/app.tsx). */
const SIGNED_IN = [
  '/',
  '/contacts',
  '/messages',
  '/calls',
  '/calendar',
  '/notes',
  '/gallery',
  '/recordings',
  '/files',
  '/devices',
  '/bin',
  '/storage',
  '/account',
  '/account/sessions',
  '/account/profile',
  '/account/password',
  '/account/email-and-phone',
  '/account/security',
  '/account/delete',
  '/server',
];

const WIDTHS = [
  { name: '1280', viewport: DESKTOP },
  { name: '360', viewport: PHONE },
];

const EVENT = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test Phone//Calendar 1.0//EN',
  'BEGIN:VEVENT',
  'UID:dentist@phone',
  'DTSTAMP:20261207T090000Z',
  `DTSTART:${new Date().toISOString().slice(0, 8).replace(/-/g, '')}15T090000Z`,
  `DTEND:${new Date().toISOString().slice(0, 8).replace(/-/g, '')}15T100000Z`,
  'SUMMARY:Dentist',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * axe-core on every page of the portal at 1280 and 360 px: no serious or critical violation.
 * The account has something in every part, so the lists, not only their empty states, are checked.
 */
describe.runIf(requireSuite('browser'))('accessibility of every page', () => {
  const smtp = new TestMailbox();
  const portal = usePortal({ smtp });
  const email = 'ines.axe@example.org';
  const password = 'Lichte-Heide-58-Nord';
  let session: ApiSession | undefined;

  /** The page has drawn its content: its heading is there, its requests are answered, nothing still loads. */
  async function settled(page: Page): Promise<void> {
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await expect
      .poll(() => page.locator('.mantine-Skeleton-root, .mantine-Loader-root, [aria-busy="true"]').count(), {
        timeout: 15_000,
      })
      .toBe(0);
  }

  async function check(context: BrowserContext, paths: readonly string[], width: string): Promise<string[]> {
    const problems: string[] = [];
    const page = await portal.newPage(context);
    for (const pathname of paths) {
      const started = Date.now();
      await page.goto(new URL(pathname, portal.baseUrl).href);
      await settled(page);
      problems.push(...describeViolations(`${pathname} at ${width} px`, await blockingViolations(page)));
      console.log(`axe: ${pathname} at ${width} px in ${Date.now() - started} ms`);
    }
    await page.close();
    return problems;
  }

  beforeAll(async () => {
    session = await accountSession(portal, smtp, email, password);
    const phone = await connectPhone(portal, smtp, email, password, 'Pixel of Ines');
    await phone.create('contacts', [
      { id: 'c-1', data: { vcard: vcard('c-0001', 'Anna Schmidt') } },
      { id: 'c-2', data: { vcard: vcard('c-0002', 'Boris Ivanov') } },
    ]);
    await phone.create('messages', [
      {
        id: 'm-1',
        data: {
          address: '+49 151 2345 0001',
          body: 'See you at eight?',
          time: '2026-12-06T18:00:00Z',
          direction: 'in',
          read: false,
          status: 'received',
        },
      },
    ]);
    await phone.create('calls', [
      {
        id: 'k-1',
        data: {
          number: '+49 151 2345 0001',
          name: 'Anna Schmidt',
          time: '2026-12-06T17:00:00Z',
          durationSeconds: 75,
          type: 'incoming',
        },
      },
      {
        id: 'k-2',
        data: {
          number: '+7 916 123-45-67',
          name: null,
          time: '2026-12-06T16:00:00Z',
          durationSeconds: 0,
          type: 'missed',
        },
      },
    ]);
    await phone.create('notes', [
      { id: 'n-1', data: { title: 'Groceries', body: 'Milk, bread', updatedAt: '2026-12-06T09:00:00Z' } },
    ]);
    await phone.create('calendar', [{ id: 'e-1', data: { ics: EVENT } }]);
    for (const upload of [
      putFile(phone, await jpeg(800, 600, 1), { section: 'gallery', name: 'IMG_0001.jpg' }),
      putFile(phone, wav(2), { section: 'recordings', name: 'Voice 001.wav', title: 'Voice memo' }),
      putFile(phone, Buffer.from('Shopping list\n'), { section: 'files', name: 'list.txt' }),
    ]) {
      expect((await upload).statusCode).toBe(201);
    }
  });

  const failure = (problems: string[]) => `axe-core found serious or critical violations:\n${problems.join('\n')}`;

  describe.each(WIDTHS)('at $name px', ({ name, viewport }) => {
    it('signed out: every page, and the code step of a sign-in', { timeout: 240_000 }, async () => {
      const problems = await check(await portal.newContext({ viewport }), SIGNED_OUT, name);
      // The code step of a sign-in from a browser the account does not know yet.
      const signIn = await portal.open(await portal.newContext({ viewport }), '/sign-in');
      await submitSignIn(signIn, email, password);
      await signIn.getByRole('heading', { level: 1, name: en.verify.title }).waitFor();
      await settled(signIn);
      problems.push(...describeViolations(`/sign-in (code step) at ${name} px`, await blockingViolations(signIn)));
      expect(problems, failure(problems)).toEqual([]);
    });

    it('signed in: every page, with something in every part', { timeout: 240_000 }, async () => {
      const context = await portal.newContext({ viewport });
      await context.addCookies(session?.cookies ?? expect.fail('no session'));
      const problems = await check(context, SIGNED_IN, name);
      expect(problems, failure(problems)).toEqual([]);
    });
  });
});
