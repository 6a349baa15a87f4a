import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendRouteNotFound } from './error-handler.js';

/** Paths that belong to the server, never to the portal's client-side router. */
const SERVER_PATHS = /^\/(api|healthz|readyz)(\/|$|\?)/;

/**
 * Serves the built portal at / and answers any other GET that is not an API path with its
 * index.html, so a client route such as /contacts/42 survives a reload. Hashed assets are
 * cached for a year; index.html never, so a new release is picked up at once.
 */
export async function registerPortal(app: FastifyInstance, webDir: string | null, devPathsAllowed: boolean) {
  const index = webDir === null ? null : path.join(webDir, 'index.html');
  const portalBuilt = index !== null && fs.existsSync(index);
  if (webDir !== null && !portalBuilt) {
    app.log.warn({ webDir }, 'the portal is not built (run `npm run build`); serving the API only');
  }
  if (portalBuilt && webDir !== null) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders(response, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    const devPath = request.url.startsWith('/dev/') || request.url === '/dev';
    if (!portalBuilt || !isPage || SERVER_PATHS.test(request.url) || (devPath && !devPathsAllowed)) {
      return sendRouteNotFound(request, reply);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
