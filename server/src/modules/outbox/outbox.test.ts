import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialects } from '../../test/index.js';

describe.each(testDialects())('the outbox page on %s', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, runJobs: false });
  });
  afterAll(() => test.close());

  it('lists mail and SMS Nimbus would have sent, newest first, with a working link', async () => {
    const empty = await test.app.inject('/api/v1/dev/outbox');
    expect(empty.json()).toEqual({ messages: [] });

    const { outbound, runner, config } = test.app.nimbus;
    await outbound.sendMail({
      to: 'anna@example.org',
      template: 'test',
      locale: 'ru',
      params: { link: config.publicUrl },
    });
    await runner.runDue();
    await outbound.sendSms({ to: '+79161234567', template: 'test', locale: 'en', params: { link: config.publicUrl } });
    await runner.runDue();

    const listed = await test.app.inject('/api/v1/dev/outbox');
    expect(listed.statusCode).toBe(200);
    const { messages } = listed.json<{
      messages: { channel: string; recipient: string; text: string; subject: string | null }[];
    }>();
    expect(messages.map((message) => [message.channel, message.recipient])).toEqual([
      ['sms', '+79161234567'],
      ['mail', 'anna@example.org'],
    ]);
    expect(messages[1]?.subject).toMatch(/[а-яё]/i);
    expect(messages[1]?.text).toContain(config.publicUrl);

    const onlyMail = await test.app.inject('/api/v1/dev/outbox?channel=mail&limit=1');
    expect(onlyMail.json<{ messages: unknown[] }>().messages).toHaveLength(1);
  });

  it('answers only this machine, since it holds activation links and codes', async () => {
    const response = await test.app.inject({ url: '/api/v1/dev/outbox', remoteAddress: '192.168.1.20' });
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    const ipv6 = await test.app.inject({ url: '/api/v1/dev/outbox', remoteAddress: '::1' });
    expect(ipv6.statusCode).toBe(200);
  });

  it('refuses a request that passed a proxy, even one on this machine', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'via']) {
      const value = header === 'forwarded' ? 'for=203.0.113.5' : header === 'via' ? '1.1 proxy' : '127.0.0.1';
      const response = await test.app.inject({
        url: '/api/v1/dev/outbox',
        remoteAddress: '127.0.0.1',
        headers: { [header]: value },
      });
      expect(response.statusCode, header).toBe(403);
    }
  });

  it('answers bad query values with every problem listed', async () => {
    const response = await test.app.inject('/api/v1/dev/outbox?limit=abc&channel=fax');
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; details: { issues: { path: string }[] } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual([
      'querystring.channel',
      'querystring.limit',
    ]);
  });
});

describe('the outbox with a trusted proxy on this machine', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false, env: { NIMBUS_TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  });
  afterAll(() => test.close());

  it("refuses the proxy's own address even without forwarding headers, and answers other loopback peers", async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const response = await test.app.inject({ url: '/api/v1/dev/outbox', remoteAddress });
      expect(response.statusCode, remoteAddress).toBe(403);
    }
    expect((await test.app.inject({ url: '/api/v1/dev/outbox', remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
  });
});

describe('the outbox in production', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false, env: { NIMBUS_PUBLIC_URL: 'https://cloud.example.org' } });
  });
  afterAll(() => test.close());

  it('does not exist', async () => {
    const response = await test.app.inject('/api/v1/dev/outbox');
    expect(response.statusCode).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
  });
});
