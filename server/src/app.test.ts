import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialects } from './test/index.js';

describe.each(testDialects())('the app on %s', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, runJobs: false });
  });
  afterAll(() => test.close());

  it('answers /healthz', async () => {
    const response = await test.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /readyz with each check', async () => {
    const response = await test.app.inject('/readyz');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ status: string; checks: Record<string, { status: string }> }>();
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['blobs', 'bus', 'database']);
  });

  it('keeps a sane request id from the caller and replaces a hostile one', async () => {
    for (const hostile of ['x'.repeat(3000), '<script>alert(1)</script>', 'a b']) {
      const response = await test.app.inject({ url: '/healthz', headers: { 'x-request-id': hostile } });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const kept = await test.app.inject({ url: '/healthz', headers: { 'x-request-id': 'edge-proxy:42.7' } });
    expect(kept.headers['x-request-id']).toBe('edge-proxy:42.7');
  });

  it('answers a malformed URL in the error shape', async () => {
    const response = await test.app.inject('/%');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('bad_request');
  });

  it('answers an unknown API route with 404 in the error shape', async () => {
    const response = await test.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'trace-42' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'There is no GET /api/v1/nope here.', requestId: 'trace-42' },
    });
  });
});

describe('the portal as served by the app', () => {
  let test: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-web-'));
    await fs.mkdir(path.join(webDir, 'assets'));
    await fs.writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Nimbus portal</title>');
    await fs.writeFile(path.join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
    test = await createTestApp({ runJobs: false, env: { NIMBUS_WEB_DIR: webDir } });
  });
  afterAll(async () => {
    await test.close();
    await fs.rm(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for any client route, never cached', async () => {
    for (const url of ['/', '/contacts/42', '/dev/outbox?channel=mail']) {
      const response = await test.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('Nimbus portal');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache, and a file added after start-up', async () => {
    const asset = await test.app.inject('/assets/app-1234.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await fs.writeFile(path.join(webDir, 'assets', 'app-5678.js'), 'console.log(2)');
    expect((await test.app.inject('/assets/app-5678.js')).statusCode).toBe(200);
  });

  it('answers 404, not the page, for a missing file or an API path', async () => {
    for (const url of ['/assets/gone-0000.js', '/favicon-old.png', '/api/v1/nope', '/api']) {
      const response = await test.app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
    }
    expect((await test.app.inject({ method: 'POST', url: '/contacts' })).statusCode).toBe(404);
  });

  it('serves the page for a client route with a dot in it', async () => {
    const response = await test.app.inject('/contacts/john.doe');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Nimbus portal');
  });
});

describe('readiness when a store fails', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false });
  });
  afterAll(() => test.close());

  it('answers 503 naming the failing check, without the reason (that goes to the log)', async () => {
    await fs.rm(path.join(test.dataDir, 'blobs'), { recursive: true, force: true });
    const response = await test.app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    const body = response.json<{ status: string; checks: Record<string, { status: string; error?: string }> }>();
    expect(body.status).toBe('failing');
    expect(body.checks.blobs).toMatchObject({ status: 'failing', error: 'does not answer' });
    expect(body.checks.database?.status).toBe('ok');
    expect(response.body).not.toContain(test.dataDir);
  });
});
