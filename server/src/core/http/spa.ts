import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendRouteNotFound } from './error-handler.js';

/** Paths that belong to the server, never to the portal's client-side router. */
const SERVER_PATHS = /^\/(api|healthz|readyz)(\/|$|\?)/;
/**
 * A request for a file (an extension in its last segment, or anything under /assets/) that is not
 * there must be a 404: answering index.html would hand an old open tab HTML for its script.
 */
const FILE_PATHS =
  /^\/assets\/|\.(js|mjs|css|map|json|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|txt|webmanifest|xml)$/i;

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
      // Files are looked up per request, so a rebuilt portal is served without a restart.
      wildcard: true,
      index: false,
      setHeaders(response, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  if (portalBuilt) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    const pathname = request.url.split('?')[0] ?? '';
    const devPath = pathname.startsWith('/dev/') || pathname === '/dev';
    const notAPage = SERVER_PATHS.test(pathname) || FILE_PATHS.test(pathname) || (devPath && !devPathsAllowed);
    if (!portalBuilt || !isPage || notAPage) {
      return sendRouteNotFound(request, reply);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
