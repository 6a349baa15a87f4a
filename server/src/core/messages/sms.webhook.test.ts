import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../time.js';
import type { Database } from '../db/database.js';
import { JobQueue, JobRunner, JobsRepo } from '../jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects, testLog } from '../../test/index.js';
import { createOutbound, DELIVERY_MAX_ATTEMPTS, registerOutboundJobs } from './outbound.js';
import { verifySmsWebhookSignature, WebhookSmsProvider } from './sms.js';
import { renderSms } from './templates.js';

const SECRET = 'test-webhook-secret-0123456789abcdef';

interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  server: Server;
  url: string;
  requests: ReceivedRequest[];
}

/** A webhook receiver on 127.0.0.1 that keeps every request and answers as `answer` says. */
async function startReceiver(
  answer: (response: ServerResponse, requests: ReceivedRequest[]) => void = failFirst,
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(response, requests);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/sms`, requests };
}

/** Fails the first request with a 500 and accepts the rest. */
function failFirst(response: ServerResponse, requests: ReceivedRequest[]): void {
  response.statusCode = requests.length === 1 ? 500 : 200;
  response.end(requests.length === 1 ? 'gateway down' : 'ok');
}

async function stopReceiver({ server }: Receiver): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The signature header as the README documents it, computed here without the code under test. */
function documentedSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

function header(request: ReceivedRequest | undefined, name: string): string {
  const value = request?.headers[name];
  if (typeof value !== 'string') throw new Error(`request has no single ${name} header`);
  return value;
}

describe.each(testDialects())('SMS over a signed webhook on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let receiver: Receiver;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await stopReceiver(receiver);
    await database.close();
    await testDatabase.destroy();
  });

  it('posts {id,to,text} signed, and retries a refused SMS with the same idempotency key', async () => {
    const clock = new ManualClock();
    const repo = new JobsRepo(database.db, database.dialect);
    const queue = new JobQueue(repo, clock);
    const runner = new JobRunner({ db: database.db, repo, queue, clock, log: testLog });
    const config = {
      smtpUrl: null,
      mailFrom: 'Nimbus <no-reply@nimbus.test>',
      smsWebhook: { url: receiver.url, secret: SECRET },
      mode: 'production' as const,
    };
    const setup = createOutbound(config, { queue, db: database.db, clock, log: testLog });
    registerOutboundJobs(runner, setup);
    const link = 'https://nimbus.example.com/';

    const attemptTimes = [clock.now()];
    const sent = await setup.outbound.sendSms({
      to: '+8613800138000',
      template: 'test',
      locale: 'zh',
      params: { link },
    });
    expect(await runner.runDue()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const failed = await repo.get(sent.jobId);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, max_attempts: DELIVERY_MAX_ATTEMPTS });
    expect(failed?.last_error).toBe('SMS webhook answered 500: gateway down');
    expect(failed?.run_at).toBeGreaterThan(clock.now());
    expect(await runner.runDue()).toBe(0);

    clock.set(failed?.run_at ?? 0);
    attemptTimes.push(clock.now());
    expect(await runner.runDue()).toBe(1);
    expect(await repo.get(sent.jobId)).toMatchObject({ status: 'done', attempts: 2 });
    expect(receiver.requests).toHaveLength(2);

    const expectedBody = { id: sent.messageId, to: '+8613800138000', text: renderSms('test', 'zh', { link }).text };
    for (const [index, request] of receiver.requests.entries()) {
      const attemptSeconds = Math.floor((attemptTimes[index] ?? 0) / 1000);
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/sms');
      expect(header(request, 'content-type')).toBe('application/json');
      expect(header(request, 'idempotency-key')).toBe(sent.messageId);
      expect(JSON.parse(request.body)).toEqual(expectedBody);
      const timestamp = header(request, 'x-nimbus-timestamp');
      const signature = header(request, 'x-nimbus-signature');
      expect(timestamp).toBe(String(attemptSeconds));
      expect(signature).toBe(documentedSignature(SECRET, timestamp, request.body));
      expect(verifySmsWebhookSignature(SECRET, timestamp, request.body, signature, attemptSeconds)).toBe(true);
    }
    const [first] = receiver.requests;
    const timestamp = header(first, 'x-nimbus-timestamp');
    const signature = header(first, 'x-nimbus-signature');
    const now = Number(timestamp);
    // Anything changed, or too late, and the signature no longer holds.
    expect(
      verifySmsWebhookSignature('another-secret-0123456789abcdef', timestamp, first?.body ?? '', signature, now),
    ).toBe(false);
    expect(verifySmsWebhookSignature(SECRET, timestamp, first?.body.replace('+86', '+87') ?? '', signature, now)).toBe(
      false,
    );
    expect(verifySmsWebhookSignature(SECRET, String(now + 1), first?.body ?? '', signature, now)).toBe(false);
    expect(verifySmsWebhookSignature(SECRET, timestamp, first?.body ?? '', signature, now + 301)).toBe(false);
    expect(verifySmsWebhookSignature(SECRET, timestamp, first?.body ?? '', signature, now + 300)).toBe(true);
    expect(
      verifySmsWebhookSignature(
        SECRET,
        timestamp,
        Buffer.from(first?.body ?? ''),
        `v1=${'0'.repeat(64)}, ${signature}`,
        now,
      ),
    ).toBe(true);
    expect(verifySmsWebhookSignature(SECRET, timestamp, first?.body ?? '', 'v1=abc', now)).toBe(false);
  });

  it('does not follow a redirect: the signed SMS goes nowhere else and the job fails', async () => {
    const elsewhere = await startReceiver((response) => response.end('ok'));
    const redirecting = await startReceiver((response) => {
      response.statusCode = 307; // 307 and 308 would resend the POST with its body and signature
      response.setHeader('location', elsewhere.url);
      response.end();
    });
    try {
      const clock = new ManualClock();
      const repo = new JobsRepo(database.db, database.dialect);
      const queue = new JobQueue(repo, clock);
      const runner = new JobRunner({ db: database.db, repo, queue, clock, log: testLog });
      const config = {
        smtpUrl: null,
        mailFrom: 'Nimbus <no-reply@nimbus.test>',
        smsWebhook: { url: redirecting.url, secret: SECRET },
        mode: 'production' as const,
      };
      const setup = createOutbound(config, { queue, db: database.db, clock, log: testLog });
      registerOutboundJobs(runner, setup);

      const sent = await setup.outbound.sendSms({
        to: '+15550100',
        template: 'verification_code',
        locale: 'en',
        params: { code: '123456', minutes: '10' },
      });
      expect(await runner.runDue()).toBe(1);
      expect(redirecting.requests).toHaveLength(1);
      expect(elsewhere.requests).toEqual([]);
      const failed = await repo.get(sent.jobId);
      expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
      expect(failed?.last_error).toBe('SMS webhook request failed: unexpected redirect');
    } finally {
      await stopReceiver(redirecting);
      await stopReceiver(elsewhere);
    }
  });
});

it('throws when the webhook cannot be reached, so the job retries', async () => {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const provider = new WebhookSmsProvider({ url: `http://127.0.0.1:${port}/sms`, secret: SECRET }, new ManualClock());
  await expect(provider.deliver({ id: 'sms-1', to: '+15550100', text: 'hello' })).rejects.toThrow(
    /SMS webhook request failed: .*ECONNREFUSED/,
  );
});
