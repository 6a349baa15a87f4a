import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** The portal built by `npm run build`, beside this package in the repository. */
const BUILT_PORTAL = fileURLToPath(new URL('../../web/dist', import.meta.url));

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { webDir: BUILT_PORTAL });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`nimbus: invalid configuration: ${problem}\n`);
    process.exit(2);
  }

  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking requests, let running ones and jobs finish, then close stores; give up after 30 s.
    const deadline = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  await app.listen({ port: config.port, host: config.host });
  if (config.mode === 'local') {
    app.log.info('local mode: mail and SMS without a provider go to the outbox at /dev/outbox');
  }
  process.stdout.write(`\nNimbus is running. Open ${config.publicUrl}/ in your browser.\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`nimbus: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
