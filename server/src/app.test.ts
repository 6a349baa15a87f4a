import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/app.js';
import { testDialects } from './test/databases.js';

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

  it('answers an unknown API route with 404 in the error shape', async () => {
    const response = await test.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'trace-42' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'There is no GET /api/v1/nope here.', requestId: 'trace-42' },
    });
  });
});
