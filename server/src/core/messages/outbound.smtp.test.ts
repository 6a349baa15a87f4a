import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../config.js';
import { ManualClock } from '../time.js';
import type { Database } from '../db/database.js';
import { JobQueue, JobRunner, JobsRepo } from '../jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects, testLog, TestMailbox } from '../../test/index.js';
import { createOutbound, DELIVERY_MAX_ATTEMPTS, registerOutboundJobs } from './outbound.js';
import { renderMail } from './templates.js';

describe.each(testDialects())('Outbound mail over SMTP on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  const smtp = new TestMailbox();

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
  });
  afterAll(async () => {
    await smtp.stop();
    await database.close();
    await testDatabase.destroy();
  });

  it('delivers a rendered mail, and retries after the server was down', async () => {
    const port = await smtp.start();
    const clock = new ManualClock();
    const repo = new JobsRepo(database.db, database.dialect);
    const queue = new JobQueue(repo, clock);
    const runner = new JobRunner({ db: database.db, repo, queue, clock, log: testLog });
    const config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'smsWebhook' | 'mode'> = {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: 'Nimbus <no-reply@nimbus.test>',
      smsWebhook: null,
      mode: 'production',
    };
    const setup = createOutbound(config, { queue, db: database.db, clock, log: testLog });
    registerOutboundJobs(runner, setup);
    const link = 'https://nimbus.example.com/';

    const first = await setup.outbound.sendMail({
      to: 'anna@example.com',
      template: 'test',
      locale: 'ru',
      params: { link },
    });
    expect(smtp.received).toHaveLength(0); // enqueued, not sent: delivery is the job's
    expect(await runner.runDue()).toBe(1);

    expect(smtp.received).toHaveLength(1);
    const [received] = smtp.received;
    expect(received?.to).toEqual(['anna@example.com']);
    const mail = received ?? expect.fail('no mail');
    expect(mail.header('to')).toBe('anna@example.com');
    expect(mail.header('from')).toBe('Nimbus <no-reply@nimbus.test>');
    expect(mail.header('subject')).toBe('Nimbus может отправлять вам письма');
    expect(mail.header('message-id')).toBe(`<${first.messageId}@nimbus.test>`);
    expect(mail.text.replace(/\r\n/g, '\n')).toBe(renderMail('test', 'ru', { link }).text);
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.html).toContain('Вы получили это письмо');
    expect((await repo.get(first.jobId))?.status).toBe('done');

    // The server goes away: the job fails, keeps its error and waits for a later try.
    await smtp.stop();
    const second = await setup.outbound.sendMail({
      to: 'bo@example.com',
      template: 'test',
      locale: 'en',
      params: { link },
    });
    expect(await runner.runDue()).toBe(1);
    const failed = await repo.get(second.jobId);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, max_attempts: DELIVERY_MAX_ATTEMPTS });
    expect(failed?.last_error).toMatch(/ECONNREFUSED|connect/i);
    const retryAt = failed?.run_at ?? 0;
    expect(retryAt).toBeGreaterThan(clock.now());
    expect(await runner.runDue()).toBe(0); // not before its backoff

    // The server is back on the same port; once the backoff has passed the mail goes out.
    await smtp.start(port);
    clock.set(retryAt);
    expect(await runner.runDue()).toBe(1);
    expect(await repo.get(second.jobId)).toMatchObject({ status: 'done', attempts: 2 });
    expect(smtp.received).toHaveLength(2);
    const retried = smtp.received[1] ?? expect.fail('no second mail');
    expect(retried.to).toEqual(['bo@example.com']);
    expect(retried.header('subject')).toBe('Nimbus can send you mail');
    expect(retried.header('message-id')).toBe(`<${second.messageId}@nimbus.test>`);
    expect(retried.text).toContain(link);
  });

  it('close() lets go of the connections a pooled transport holds', async () => {
    const pooled = new TestMailbox();
    const port = await pooled.start();
    try {
      const clock = new ManualClock();
      const repo = new JobsRepo(database.db, database.dialect);
      const queue = new JobQueue(repo, clock);
      const runner = new JobRunner({ db: database.db, repo, queue, clock, log: testLog });
      const setup = createOutbound(
        {
          smtpUrl: `smtp://127.0.0.1:${port}?pool=true`,
          mailFrom: 'Nimbus <no-reply@nimbus.test>',
          smsWebhook: null,
          mode: 'production',
        },
        { queue, db: database.db, clock, log: testLog },
      );
      registerOutboundJobs(runner, setup);
      await setup.outbound.sendMail({
        to: 'anna@example.com',
        template: 'test',
        locale: 'en',
        params: { link: 'https://nimbus.example.com/' },
      });
      expect(await runner.runDue()).toBe(1);
      expect(pooled.received).toHaveLength(1);
      expect(pooled.openConnections).toBe(1); // pooled: the connection stays for the next mail

      await setup.close();
      await vi.waitFor(() => expect(pooled.openConnections).toBe(0), { timeout: 5_000 });
    } finally {
      await pooled.stop();
    }
  });
});
