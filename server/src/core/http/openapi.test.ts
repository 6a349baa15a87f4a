import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/index.js';

describe('the API documentation', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false });
  });
  afterAll(() => test.close());

  it('serves a valid OpenAPI 3.1 document generated from the protocol schemas', async () => {
    const response = await test.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/meta']));
    expect(document.paths['/api/openapi.json']).toBeUndefined();
    // Schemas named in protocol with .meta({ id }) become shared components.
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Readiness', 'ServerInfo']));
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await test.app.inject('/api/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('swagger-ui');
  });
});
