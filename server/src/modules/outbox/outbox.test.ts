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
