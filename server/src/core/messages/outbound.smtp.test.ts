import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../config.js';
import { ManualClock } from '../time.js';
import type { Database } from '../db/database.js';
import { JobQueue, JobRunner, JobsRepo } from '../jobs/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/databases.js';
import { testLog } from '../../test/logger.js';
import { createOutbound, DELIVERY_MAX_ATTEMPTS, registerOutboundJobs } from './outbound.js';
import { renderMail } from './templates.js';

interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it accepts, raw. */
class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const envelopeTo = session.envelope.rcptTo.map((address) => address.address);
          this.received.push({ envelopeTo, raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  /** Connections the server holds open right now. */
  get openConnections(): number {
    return this.server?.connections.size ?? 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Just enough MIME to read what nodemailer wrote: unfolded headers, encoded words, QP and base64 parts. */
function parseMail(raw: string): { header: (name: string) => string | undefined; text: string; html: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headers = parseHeaders(head);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary === undefined ? [] : rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, -1);
  const bodies = new Map<string, string>();
  for (const part of parts) {
    const [partHead = '', ...partBody] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const partHeaders = parseHeaders(partHead);
    const type = (partHeaders.get('content-type') ?? '').split(';')[0] ?? '';
    bodies.set(type, decodeBody(partBody.join('\r\n\r\n'), partHeaders.get('content-transfer-encoding') ?? '7bit'));
  }
  return {
    header: (name) => headers.get(name),
    text: bodies.get('text/plain') ?? '',
    html: bodies.get('text/html') ?? '',
  };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_word, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('latin1')
        : qpBytes(data.replace(/_/g, ' ')),
    )
    .replace(/[\x80-\xff]+/g, (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'));
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    return Buffer.from(qpBytes(body.replace(/=\r\n/g, '')), 'latin1').toString('utf8');
  return body;
}

/** Quoted-printable to a string of bytes (one latin1 char per byte). */
function qpBytes(data: string): string {
  return data.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe.each(testDialects())('Outbound mail over SMTP on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  const smtp = new TestSmtpServer();

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
    expect(received?.envelopeTo).toEqual(['anna@example.com']);
    const mail = parseMail(received?.raw ?? '');
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
    const retried = parseMail(smtp.received[1]?.raw ?? '');
    expect(smtp.received[1]?.envelopeTo).toEqual(['bo@example.com']);
    expect(retried.header('subject')).toBe('Nimbus can send you mail');
    expect(retried.header('message-id')).toBe(`<${second.messageId}@nimbus.test>`);
    expect(retried.text).toContain(link);
  });

  it('close() lets go of the connections a pooled transport holds', async () => {
    const pooled = new TestSmtpServer();
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
