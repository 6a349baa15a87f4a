import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config.js';
import { ManualClock } from '../time.js';
import type { Database } from '../db/database.js';
import { JobQueue, JobRunner, JobsRepo } from '../jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../test/index.js';
import { OutboxMailer, SmtpMailer } from './mailer.js';
import { createOutbound, registerOutboundJobs, type OutboundSetup } from './outbound.js';
import { OutboxSmsProvider, WebhookSmsProvider } from './sms.js';
import { renderMail, renderSms } from './templates.js';
import { transact } from '../db/transact.js';

const LINK = 'https://nimbus.example.com/';
const UNCONFIGURED = {
  smtpUrl: null,
  mailFrom: 'Nimbus <no-reply@localhost>',
  smsWebhook: null,
  mode: 'local' as const,
};

/** A logger whose lines the test can read. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe.each(testDialects())('the outbox on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let clock: ManualClock;
  let repo: JobsRepo;
  let runner: JobRunner;
  let setup: OutboundSetup;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.destroy();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
    await database.db.deleteFrom('outbox_messages').execute();
    clock = new ManualClock();
    repo = new JobsRepo(database.db, database.dialect);
    const queue = new JobQueue(repo, clock);
    const captured = capturingLog();
    lines = captured.lines;
    runner = new JobRunner({ db: database.db, repo, queue, clock, log: captured.log });
    setup = createOutbound(UNCONFIGURED, { queue, db: database.db, clock, log: captured.log });
    registerOutboundJobs(runner, setup);
  });

  it('keeps mail and SMS without SMTP or webhook, newest first, and logs them whole', async () => {
    const mailSentAt = clock.now();
    const mail = await setup.outbound.sendMail({
      to: 'anna@example.com',
      template: 'test',
      locale: 'en',
      params: { link: LINK },
    });
    expect(await runner.runDue()).toBe(1);
    clock.advance(1_000);
    const sms = await setup.outbound.sendSms({
      to: '+15550100',
      template: 'test',
      locale: 'ru',
      params: { link: LINK },
    });
    expect(await runner.runDue()).toBe(1);

    const rendered = renderMail('test', 'en', { link: LINK });
    const smsText = renderSms('test', 'ru', { link: LINK }).text;
    expect(await setup.outbox.list({ limit: 10 })).toEqual([
      {
        id: sms.messageId,
        channel: 'sms',
        recipient: '+15550100',
        subject: null,
        text: smsText,
        createdAt: new Date(mailSentAt + 1_000).toISOString(),
      },
      {
        id: mail.messageId,
        channel: 'mail',
        recipient: 'anna@example.com',
        subject: rendered.subject,
        text: rendered.text,
        createdAt: new Date(mailSentAt).toISOString(),
      },
    ]);
    expect((await setup.outbox.list({ limit: 1 })).map((message) => message.id)).toEqual([sms.messageId]);
    expect((await setup.outbox.list({ limit: 10, channel: 'mail' })).map((message) => message.id)).toEqual([
      mail.messageId,
    ]);
    expect((await setup.outbox.list({ limit: 10, channel: 'sms' })).map((message) => message.id)).toEqual([
      sms.messageId,
    ]);

    const stored = await database.db
      .selectFrom('outbox_messages')
      .select('html')
      .where('id', '=', mail.messageId)
      .executeTakeFirst();
    expect(stored?.html).toBe(rendered.html);

    // The operator without SMTP finds the link in the log.
    const logged = lines.filter((line) => line.outboxId !== undefined);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        outboxId: mail.messageId,
        to: 'anna@example.com',
        template: 'test',
        subject: rendered.subject,
        text: rendered.text,
      }),
      expect.objectContaining({ level: 30, outboxId: sms.messageId, to: '+15550100', template: 'test', text: smsText }),
    ]);
    expect(String(logged[0]?.text)).toContain(LINK);
  });

  it.each(['local', 'production'] as const)(
    'logs the text with its links and codes in %s mode only where the operator needs it',
    async (mode: Config['mode']) => {
      const captured = capturingLog();
      const queue = new JobQueue(repo, clock);
      const modeRunner = new JobRunner({ db: database.db, repo, queue, clock, log: captured.log });
      const modeSetup = createOutbound({ ...UNCONFIGURED, mode }, { queue, db: database.db, clock, log: captured.log });
      registerOutboundJobs(modeRunner, modeSetup);
      const link = 'https://nimbus.example.com/activate#token=Secret-Activation-Token-0123';
      const code = '864209';

      const mail = await modeSetup.outbound.sendMail({
        to: 'anna@example.com',
        template: 'activation',
        locale: 'en',
        params: { link },
      });
      const codeMail = await modeSetup.outbound.sendMail({
        to: 'anna@example.com',
        template: 'verification_code',
        locale: 'en',
        params: { code, minutes: '10' },
      });
      const sms = await modeSetup.outbound.sendSms({
        to: '+15550100',
        template: 'verification_code',
        locale: 'en',
        params: { code, minutes: '10' },
      });
      expect(await modeRunner.runDue()).toBe(3);

      // The outbox keeps everything in either mode; only the log differs.
      const stored = (await modeSetup.outbox.list({ limit: 10 })).map((message) => message.text).join('\n');
      expect(stored).toContain(link);
      expect(stored).toContain(code);
      const logged = captured.lines.filter((line) => line.outboxId !== undefined);
      const metadata = [
        {
          outboxId: mail.messageId,
          to: 'anna@example.com',
          template: 'activation',
          subject: renderMail('activation', 'en', { link }).subject,
        },
        {
          outboxId: codeMail.messageId,
          to: 'anna@example.com',
          template: 'verification_code',
          subject: renderMail('verification_code', 'en', { code, minutes: '10' }).subject,
        },
        { outboxId: sms.messageId, to: '+15550100', template: 'verification_code' },
      ];
      expect(logged).toHaveLength(3);
      for (const fields of metadata) {
        expect(logged.find((line) => line.outboxId === fields.outboxId)).toMatchObject({ level: 30, ...fields });
      }
      const everything = JSON.stringify(captured.lines);
      if (mode === 'local') {
        const textOf = (id: string) => logged.find((line) => line.outboxId === id)?.text;
        expect(textOf(mail.messageId)).toBe(renderMail('activation', 'en', { link }).text);
        expect(textOf(codeMail.messageId)).toBe(renderMail('verification_code', 'en', { code, minutes: '10' }).text);
        expect(textOf(sms.messageId)).toBe(renderSms('verification_code', 'en', { code, minutes: '10' }).text);
        expect(everything).toContain(link);
        expect(everything).toContain(code);
      } else {
        expect(captured.lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
          'no SMTP server configured (NIMBUS_SMTP_URL): mail goes to the outbox and, without their content, the log',
          'no SMS webhook configured (NIMBUS_SMS_WEBHOOK_URL): SMS go to the outbox and, without their content, the log',
        ]);
        for (const line of logged) expect(line).not.toHaveProperty('text');
        expect(everything).not.toContain('Secret-Activation-Token');
        expect(everything).not.toContain(code);
      }
    },
  );

  it('keeps one row when the same delivery job runs twice', async () => {
    const mail = await setup.outbound.sendMail({
      to: 'anna@example.com',
      template: 'test',
      locale: 'zh',
      params: { link: LINK },
    });
    const payload = (await repo.get(mail.jobId))?.payload ?? 'null';
    expect(await runner.runDue()).toBe(1);
    // As if the worker died after delivering but before marking the job done (which may drop the
    // payload): it runs again, with its payload.
    await database.db
      .updateTable('jobs')
      .set({ status: 'queued', finished_at: null, payload })
      .where('id', '=', mail.jobId)
      .execute();
    clock.advance(1_000);
    expect(await runner.runDue()).toBe(1);
    expect(await repo.get(mail.jobId)).toMatchObject({ status: 'done', attempts: 2 });

    const rows = await database.db.selectFrom('outbox_messages').selectAll().execute();
    expect(rows.map((row) => [row.id, row.created_at])).toEqual([[mail.messageId, clock.now() - 1_000]]);
    expect(lines.filter((line) => line.outboxId === mail.messageId)).toHaveLength(1);

    const sms = { id: 'sms-twice', to: '+15550100', text: 'hello' };
    await setup.sms.deliver(sms);
    await setup.sms.deliver(sms);
    expect(await setup.outbox.list({ limit: 10, channel: 'sms' })).toHaveLength(1);
  });

  it('enqueues inside the caller transaction: a rollback sends nothing', async () => {
    const attempt = transact(database.db, async (trx) => {
      await setup.outbound.sendMail({
        to: 'anna@example.com',
        template: 'test',
        locale: 'en',
        params: { link: LINK },
        db: trx,
      });
      await setup.outbound.sendSms({
        to: '+15550100',
        template: 'test',
        locale: 'en',
        params: { link: LINK },
        db: trx,
      });
      throw new Error('the caller changed its mind');
    });
    await expect(attempt).rejects.toThrow('the caller changed its mind');
    expect(await database.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    expect(await runner.runDue()).toBe(0);
    expect(await setup.outbox.list({ limit: 10 })).toEqual([]);
  });

  it('picks real delivery only where it is configured', () => {
    const deps = { queue: new JobQueue(repo, clock), db: database.db, clock, log: pino({ level: 'silent' }) };
    expect(setup.mailer).toBeInstanceOf(OutboxMailer);
    expect(setup.sms).toBeInstanceOf(OutboxSmsProvider);
    const configured = createOutbound(
      {
        ...UNCONFIGURED,
        smtpUrl: 'smtp://127.0.0.1:2525',
        smsWebhook: { url: 'http://127.0.0.1:9/sms', secret: 'x'.repeat(32) },
      },
      deps,
    );
    expect(configured.mailer).toBeInstanceOf(SmtpMailer);
    expect(configured.sms).toBeInstanceOf(WebhookSmsProvider);
    expect(lines.map((line) => line.msg)).toEqual([
      'no SMTP server configured (NIMBUS_SMTP_URL): mail goes to the outbox and the log',
      'no SMS webhook configured (NIMBUS_SMS_WEBHOOK_URL): SMS go to the outbox and the log',
    ]);
  });
});
