import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with, at
 * /api/openapi.json, and Swagger UI over it at /api/docs. Must be registered before the routes.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nimbus API',
        version,
        description:
          'The API of Nimbus, a self-hosted account and phone cloud. Errors share one shape: `{ error: { code, message, details? } }`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: [{ name: 'system', description: 'Health, readiness and server information' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
