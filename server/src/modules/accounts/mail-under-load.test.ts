import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_DELIVER_JOB, SMS_DELIVER_JOB } from '../../core/messages/index.js';
import { MINUTE } from '../../core/time.js';
import {
  ACTIVATION_LINK,
  createTestApp,
  type TestApp,
  TestBrowser,
  testDialects,
  TestMailbox,
} from '../../test/index.js';
import { THUMBNAIL_JOB } from '../media/index.js';
import { PURGE_DELETED_ACCOUNTS } from './index.js';

/** Stands in for a decoder: a media job that takes a while, as thumbnails of a big photo upload do. */
const HEAVY_JOB = 'test.heavy-media';
const BACKLOG = 3_000;

describe.each(testDialects())('mail while a photo backlog is being processed on %s', (dialect) => {
  const mailbox = new TestMailbox();
  let test: TestApp;
  beforeAll(async () => {
    await mailbox.start();
    test = await createTestApp({ dialect, env: { NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: mailbox.url } });
  });
  afterAll(async () => {
    await test.close();
    await mailbox.stop();
  });

  it('runs each job kind in its queue', () => {
    const { runner } = test.app.nimbus;
    expect(runner.queueOf(MAIL_DELIVER_JOB)).toBe('messages');
    expect(runner.queueOf(SMS_DELIVER_JOB)).toBe('messages');
    expect(runner.queueOf(THUMBNAIL_JOB)).toBe('media');
  });

  it('sends an activation mail within seconds though thousands of media jobs are queued', async () => {
    const { runner, database, clock } = test.app.nimbus;
    runner.define({
      name: HEAVY_JOB,
      queue: 'media',
      run: (_payload, { signal }) => sleep(20, undefined, { signal }),
    });
    // Queued as one phone's upload of thousands of photos would queue them (JobQueue's fair order).
    const now = clock.now();
    for (let start = 0; start < BACKLOG; start += 500) {
      await database.db
        .insertInto('jobs')
        .values(
          Array.from({ length: 500 }, (_, index) => ({
            id: randomUUID(),
            name: HEAVY_JOB,
            payload: 'null',
            status: 'queued' as const,
            attempts: 0,
            max_attempts: 3,
            run_at: now,
            fair_at: now + (start + index) * MINUTE,
            account_id: 'the-photographer',
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    await test.app.ready();
    const queued = async () =>
      (
        await database.db
          .selectFrom('jobs')
          .select('id')
          .where('name', '=', HEAVY_JOB)
          .where('status', '=', 'queued')
          .execute()
      ).length;
    // The runner is at work on the backlog before anyone signs up.
    const deadline = Date.now() + 10_000;
    while ((await queued()) === BACKLOG && Date.now() < deadline) await sleep(20);
    expect(await queued()).toBeLessThan(BACKLOG);

    const email = 'newcomer@example.org';
    const registered = await new TestBrowser(test.app, '10.9.0.1').post('/api/v1/accounts/email', {
      email,
      region: 'DE',
      birthDate: '1990-04-01',
      password: 'Orchid-walk-42',
      locale: 'en',
    });
    expect(registered.statusCode).toBe(202);
    // Behind the backlog, in one queue taken oldest first, this took over ten seconds.
    await mailbox.waitFor(email, ACTIVATION_LINK, { timeoutMs: 5_000 });
    expect(await queued()).toBeGreaterThan(BACKLOG / 2);
  });

  it('keeps housekeeping out of the way too', () => {
    expect(test.app.nimbus.runner.queueOf(PURGE_DELETED_ACCOUNTS)).toBe('maintenance');
  });
});
