import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  linkToken,
  sixDigitCode,
  type TestApp,
  TestBrowser,
  testDialects,
  TestMailbox,
} from '../../test/index.js';
import { AccountsRepo } from './accounts.repo.js';
import { schedulePurgeDeletedAccounts } from './deletion.jobs.js';
import { RESEND_COOLDOWN } from './registration.service.js';
import { dumpRows, listTables, rowsOf } from './deletion.test-helpers.js';
import { HOUR, DAY } from '../../core/time.js';

const PASSWORD = 'Orchid-walk-42';
let ipCounter = 0;
const nextIp = () => `10.4.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

interface SignedIn {
  account: { id: string; number: string; status: string };
  csrfToken: string;
}

describe.each(testDialects())('purging a deleted account on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  const mailbox = new TestMailbox();
  let test: TestApp;
  beforeAll(async () => {
    // Mail leaves by SMTP, as in a real installation: stored nowhere in the database once sent.
    // SMS have no gateway here, so they land in the outbox: data the purge must remove as well.
    await mailbox.start();
    test = await createTestApp({
      dialect,
      clock,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: mailbox.url },
    });
  });
  afterAll(async () => {
    await test.close();
    await mailbox.stop();
  });

  const deliver = async () => {
    while ((await test.app.nimbus.runner.runDue()) > 0);
  };

  async function register(email: string, browser = new TestBrowser(test.app, nextIp())) {
    const registered = await browser.post('/api/v1/accounts/email', {
      email,
      region: 'RU',
      birthDate: '1990-07-14',
      password: PASSWORD,
      locale: 'en',
    });
    expect(registered.statusCode).toBe(202);
    await deliver();
    const activated = await browser.post('/api/v1/accounts/activate', { token: linkToken(mailbox.last(email).text) });
    expect(activated.statusCode).toBe(200);
    return { browser, ...activated.json<SignedIn>() };
  }

  const call = (method: 'GET' | 'POST', url: string, options: { token?: string; body?: object } = {}) =>
    test.app.inject({
      method,
      url,
      remoteAddress: nextIp(),
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      ...(options.body === undefined ? {} : { payload: options.body }),
    });

  /** Signs a phone in (with its new-device code) and refreshes its tokens once; returns the access token. */
  async function signInDevice(email: string): Promise<string> {
    const body = { login: email, password: PASSWORD, client: 'device', deviceName: 'Pixel 8' };
    const first = await call('POST', '/api/v1/sessions', { body });
    expect(first.statusCode).toBe(202);
    await deliver();
    const verified = await call('POST', '/api/v1/sessions/verify', {
      body: {
        challengeId: first.json<{ challengeId: string }>().challengeId,
        code: sixDigitCode(mailbox.last(email).text),
      },
    });
    expect(verified.statusCode).toBe(200);
    const { refreshToken } = verified.json<{ tokens: { refreshToken: string } }>().tokens;
    const refreshed = await call('POST', '/api/v1/sessions/refresh', { body: { refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    return refreshed.json<{ accessToken: string }>().accessToken;
  }

  async function putBlob(content: string): Promise<string> {
    return (await test.app.nimbus.blobs.put(Readable.from([Buffer.from(content)]))).sha256;
  }

  it('leaves no row and no blob of the account anywhere, keeps the others, and frees its e-mail and phone', async () => {
    const { db, dialect: kind } = test.app.nimbus.database;
    const repo = new AccountsRepo(db);
    const email = 'doomed@example.org';
    const phone = '+79161234567';

    // The account to delete, with everything an account accumulates.
    const doomed = await register(email);
    const kept = await register('kept@example.org');
    await repo.insertIdentifier({
      id: '019a0000-0000-7000-8000-00000000beef',
      account_id: doomed.account.id,
      kind: 'phone',
      value: phone,
      verified_at: clock.now(),
      created_at: clock.now(),
    });
    // A second browser: a new-device code, a remembered browser, a second session.
    const laptop = new TestBrowser(test.app, nextIp());
    const challenge = await laptop.post('/api/v1/sessions', { login: email, password: PASSWORD });
    await deliver();
    const verified = await laptop.post('/api/v1/sessions/verify', {
      challengeId: challenge.json<{ challengeId: string }>().challengeId,
      code: sixDigitCode(mailbox.last(email).text),
    });
    expect(verified.statusCode).toBe(200);
    await laptop.post('/api/v1/sessions', { login: email, password: 'Wrong-pass-1' });
    // A phone: a device session, its access token and a rotated refresh token.
    const device = await signInDevice(email);
    // Mail kept in the outbox from before SMTP was set up (any development installation has some).
    await test.app.nimbus.outbox.insert({
      id: '019a0000-0000-7000-8000-00000000cafe',
      channel: 'mail',
      recipient: email,
      subject: 'Old mail',
      text: `An old mail to ${email}, account ${doomed.account.number}`,
      html: null,
      createdAt: clock.now(),
    });
    // Its blobs, and the other account's, owned as the media module will own them.
    const blobs = new Map([
      [doomed.account.id, [await putBlob(`photo of ${email}`)]],
      [kept.account.id, [await putBlob('photo of kept@example.org')]],
    ]);
    const hookCalls: { accountId: string; rowExisted: boolean }[] = [];
    await schedulePurgeDeletedAccounts(test.app.nimbus.runner, {
      db,
      repo,
      clock,
      outbound: test.app.nimbus.outbound,
      config: test.app.nimbus.config,
      purgeAccountBlobs: [
        async (accountId) => {
          hookCalls.push({ accountId, rowExisted: (await repo.getAccount(accountId)) !== undefined });
          for (const sha256 of blobs.get(accountId) ?? []) await test.app.nimbus.blobs.delete(sha256);
        },
      ],
    });

    // Delete, confirmed by a code sent by SMS to the phone: it lands in the outbox.
    const { browser } = doomed;
    const sent = await browser.post('/api/v1/account/deletion/code', {
      destinationId: '019a0000-0000-7000-8000-00000000beef',
    });
    expect(sent.statusCode).toBe(200);
    await deliver();
    const sms = (await test.app.nimbus.outbox.list({ limit: 10, channel: 'sms' })).find(
      (message) => message.recipient === phone,
    );
    const deleted = await browser.post('/api/v1/account/deletion', {
      password: PASSWORD,
      challengeId: sent.json<{ challengeId: string }>().challengeId,
      code: sixDigitCode(sms?.text ?? ''),
    });
    expect(deleted.statusCode).toBe(200);
    await deliver();
    expect(mailbox.last(email).subject).toBe('Your Nimbus account will be deleted');

    // Six days later nothing has happened yet, and the scan below finds the account all over.
    clock.advance(6 * DAY);
    await deliver();
    expect(hookCalls).toEqual([]);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
    const tables = await listTables(db, kind);
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'sessions', 'outbox_messages', 'jobs']));
    const seeds = [doomed.account.id, doomed.account.number, email, phone];
    const { rows: found, needles } = await rowsOf(db, tables, seeds);
    const before = new Set(found.map((row) => row.table));
    expect([...before].sort()).toEqual(
      expect.arrayContaining([
        'account_identifiers',
        'accounts',
        'outbox_messages',
        'refresh_tokens',
        'security_events',
        'sessions',
        'trusted_browsers',
        'verifications',
      ]),
    );

    const keptRows = async () =>
      (await rowsOf(db, tables, [kept.account.id, 'kept@example.org'])).rows.map((row) => row.text).sort();
    const keptBefore = await keptRows();
    expect(keptBefore.length).toBeGreaterThanOrEqual(4);

    clock.advance(DAY + HOUR);
    await deliver();
    expect(hookCalls).toEqual([{ accountId: doomed.account.id, rowExisted: true }]);

    // No table holds anything of it: no row mentions the account, or any row that belonged to it.
    const leftovers = (await dumpRows(db, tables)).filter((row) => needles.some((needle) => row.text.includes(needle)));
    expect(leftovers).toEqual([]);
    // The scan does see accounts: every row of the kept one is there, unchanged.
    expect(await keptRows()).toEqual(keptBefore);

    // No blob store holds it either: not its blobs, and no file under the data folder mentions it.
    expect(await test.app.nimbus.blobs.exists(blobs.get(doomed.account.id)?.[0] ?? '')).toBe(false);
    expect(await test.app.nimbus.blobs.exists(blobs.get(kept.account.id)?.[0] ?? '')).toBe(true);
    const files = await filesUnder(test.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = (await fs.readFile(file)).toString('latin1').toLowerCase();
      expect(
        needles.filter((needle) => content.includes(needle.toLowerCase())),
        file,
      ).toEqual([]);
    }

    // The final mail went out.
    const farewell = mailbox.last(email);
    expect(farewell.subject).toBe('Your Nimbus account has been deleted');
    expect(farewell.text).toContain(`${test.app.nimbus.config.publicUrl}/register`);

    // Its sessions are gone; the kept account is untouched.
    expect((await browser.get('/api/v1/session')).statusCode).toBe(401);
    expect((await laptop.get('/api/v1/session')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/session', { token: device })).statusCode).toBe(401);
    const keptSession = await kept.browser.get('/api/v1/session');
    expect(keptSession.statusCode).toBe(200);
    expect(keptSession.json<SignedIn>().account).toMatchObject({ id: kept.account.id, status: 'active' });

    // Its e-mail and phone are free: the address registers a new account.
    expect(await repo.findIdentifier('phone', phone)).toBeUndefined();
    // The one-a-minute limit on mail to an address counts real time, which this test does not wait.
    await test.app.nimbus.limits.reset('mail:cooldown', RESEND_COOLDOWN, email);
    const again = await register(email);
    expect(again.account.id).not.toBe(doomed.account.id);
    expect(again.account.status).toBe('active');
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
