import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

/**
 * The portal's Content-Security-Policy. Scripts only from our own files (the build emits no inline
 * script, see security-headers.test.ts), so an injected <script> or on*= attribute never runs.
 * Styles may be inline: Mantine sets style attributes and injects <style> tags, which cannot run
 * code. Altcha solves its puzzle in a worker made from a blob: URL; captcha images and previews
 * are data: and blob: URLs. No page may frame the portal, and no plugin, <base> or foreign form
 * target is allowed.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Browsers remember for a year to reach the server over HTTPS only. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer, set in this one place. A route that sets its own
 * Content-Security-Policy (an item's bytes, sandboxed) keeps it. HSTS only in production with an
 * https public URL: sent over a local plain-HTTP server it would lock developers out of it.
 */
export function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'mode' | 'publicUrl'>): void {
  const hsts = config.mode === 'production' && config.publicUrl.startsWith('https:');
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PORTAL_CSP);
    if (hsts) reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
