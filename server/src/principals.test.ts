import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  owner,
  PASSWORD,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
} from './test/index.js';

const codeOf = (response: LightMyRequestResponse) => response.json<{ error: { code: string } }>().error.code;

/**
 * Every way into a route goes through one seam (core/auth): one route of each module, called with
 * a browser's cookie, a device's bearer token and nothing at all.
 */
describe.each(testDialects())('principals on %s', (dialect) => {
  let test: TestApp;
  let browser: TestBrowser;
  let phone: TestDevice;
  beforeAll(async () => {
    test = await createTestApp({ dialect, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    browser = await owner(test.app, 'principals@example.org', '10.31.0.1');
    phone = await new TestDevice(test.app, '10.31.0.2').connect('principals@example.org', 'Phone');
  });
  afterAll(() => test.close());

  const anonymous = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    test.app.inject({ method, url, remoteAddress: '10.31.0.3', ...(payload === undefined ? {} : { payload }) });

  it.each([
    ['accounts', '/api/v1/session'],
    ['devices', '/api/v1/devices'],
    ['sync', '/api/v1/sync/contacts?since=0'],
    ['sync (records)', '/api/v1/records/notes'],
    ['media', '/api/v1/storage'],
  ])('%s: %s answers a browser and a device, and 401 to no one', async (_module, url) => {
    expect((await browser.get(url)).statusCode).toBe(200);
    expect((await phone.call('GET', url)).statusCode).toBe(200);
    const stranger = await anonymous('GET', url);
    expect(stranger.statusCode).toBe(401);
    expect(codeOf(stranger)).toBe('unauthorized');
  });

  it('the device channel answers a registered device only', async () => {
    const url = '/api/v1/devices/events?wait=0';
    expect((await phone.call('GET', url)).statusCode).toBe(200);
    const fromBrowser = await browser.get(url);
    expect(fromBrowser.statusCode).toBe(403);
    expect(codeOf(fromBrowser)).toBe('not_a_device');
    expect((await anonymous('GET', url)).statusCode).toBe(401);
  });

  it('refuses a device token where only the portal may act, and changes nothing', async () => {
    const change = { currentPassword: PASSWORD, newPassword: 'Another-walk-43' };
    const byPhone = await phone.call('POST', '/api/v1/account/password', change);
    expect(byPhone.statusCode).toBe(403);
    expect(codeOf(byPhone)).toBe('portal_only');
    for (const [url, body] of [
      ['/api/v1/account/identifiers', { kind: 'email', value: 'thief@example.org', password: PASSWORD }],
      ['/api/v1/account/deletion/code', {}],
    ] as const) {
      const refused = await phone.call('POST', url, body);
      expect(refused.statusCode, url).toBe(403);
    }
    // The password did not change: the phone's session lives on, and the old password still signs in.
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
  });

  it('refuses a device that signed in but never registered, before it holds space or sends a byte', async () => {
    const unregistered = await new TestDevice(test.app, '10.31.0.4').connect('principals@example.org', 'Tablet', {
      register: false,
    });
    const metadata = Object.entries({ section: 'gallery', name: 'a.jpg', sha256: 'a'.repeat(64) })
      .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
      .join(',');
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      remoteAddress: '10.31.0.4',
      headers: {
        authorization: `Bearer ${unregistered.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': '1000',
        'upload-metadata': metadata,
      },
    });
    expect(created.statusCode).toBe(403);
    expect(codeOf(created)).toBe('not_a_device');
    const storage = (await browser.get('/api/v1/storage')).json<{ breakdown: { uploads: number } }>();
    expect(storage.breakdown.uploads).toBe(0);
    const pull = await unregistered.call('GET', '/api/v1/sync/contacts?since=0');
    expect(codeOf(pull)).toBe('not_a_device');
  });

  it('answers 401, not 400, to an anonymous request with a bad body: credentials first, then the body', async () => {
    for (const [url, payload] of [
      ['/api/v1/account/password', { newPassword: 42 }],
      ['/api/v1/sync/contacts', { items: 'not a list' }],
      ['/api/v1/records/notes', { nothing: true }],
      ['/api/v1/devices', {}],
    ] as const) {
      const response = await anonymous('POST', url, payload);
      expect(response.statusCode, url).toBe(401);
    }
    // Signed in, the same bad body is a validation error.
    const invalid = await browser.post('/api/v1/sync/contacts', { items: 'not a list' });
    expect(invalid.statusCode).toBe(400);
    expect(codeOf(invalid)).toBe('validation_failed');
  });

  it('judges a request with an Authorization header by that header, never by its cookie', async () => {
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    for (const authorization of ['Basic YW5uYTpwYXNzd29yZA==', 'Bearer not-a-token-of-this-server-at-all']) {
      const response = await test.app.inject({ url: '/api/v1/session', headers: { cookie, authorization } });
      expect(response.statusCode, authorization).toBe(401);
    }
  });
});
