import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { openFsBlobStore, type BlobStore } from './core/blobs/index.js';
import { openBus } from './core/bus/index.js';
import { systemClock, type Clock } from './core/time.js';
import { openDatabase } from './core/db/database.js';
import { migrateToLatest } from './core/db/migrate.js';
import { AppError } from './core/errors.js';
import { installErrorHandling, sendError } from './core/http/error-handler.js';
import { registerOpenApi } from './core/http/openapi.js';
import { installSecurityHeaders } from './core/http/security-headers.js';
import { HTTP_TIMEOUTS, type HttpTimeouts } from './core/http/timeouts.js';
import { registerPortal } from './core/http/spa.js';
import { JobQueue, JobRunner, JobsRepo } from './core/jobs/index.js';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import { Authenticator } from './core/auth/index.js';
import { captchaRoutes, createCaptcha, scheduleCaptchaPurge } from './core/captcha/index.js';
import { scheduleMaintenance } from './core/maintenance.js';
import { PasswordPolicy, PwnedPasswordsChecker } from './core/passwords/index.js';
import { RateLimits } from './core/rate-limits.js';
import { loadServerSecret } from './core/secret.js';
import { trustedProxyMatcher } from './core/net.js';
import { createOutbound, registerOutboundJobs } from './core/messages/index.js';
import type { Services } from './core/services.js';
import { registerModules, type ModuleApis } from './core/module.js';
import { accountsModule } from './modules/accounts/index.js';
import { devicesModule } from './modules/devices/index.js';
import { mediaModule } from './modules/media/index.js';
import { storageModule } from './modules/storage/index.js';
import { syncModule } from './modules/sync/index.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';

export interface AppOptions {
  clock?: Clock;
  /** Where the JSON log goes; stdout by default. */
  logStream?: DestinationStream;
  /** Run background jobs in this process (default true). */
  runJobs?: boolean;
  /** The blob store; a file system store under the data folder by default. */
  blobs?: BlobStore;
  /** HTTP_TIMEOUTS by default; tests shorten them. */
  httpTimeouts?: Partial<HttpTimeouts>;
}

declare module 'fastify' {
  interface FastifyInstance {
    nimbus: Services;
    /** Every domain module's API, by name (for tests that play jobs by hand, and for operators' tools). */
    modules: ModuleApis;
  }
}

/** The domain modules, each after those it needs. */
const MODULES = [accountsModule, devicesModule, storageModule, syncModule, mediaModule];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * Builds the whole Nimbus server from its configuration: opens and migrates the database, opens
 * the blob store and the bus, sets up jobs, and registers every route. Used by main and by tests;
 * closing the app closes everything it opened.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const isTrustedProxy = trustedProxyMatcher(config.trustedProxies);
  const timeouts = { ...HTTP_TIMEOUTS, ...options.httpTimeouts };
  const app = Fastify({
    // Slow clients are cut off (see HttpTimeouts for what each one bounds and why it is that long).
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // Paths only: a query may hold what is nobody's business in a log (file names, phone numbers).
      serializers: {
        req: (request: { method: string; url: string; hostname?: string; ip?: string }) => ({
          method: request.method,
          url: request.url.split('?')[0],
          host: request.hostname,
          remoteAddress: request.ip,
        }),
      },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    // Fastify would take the header as it comes; genReqId decides instead, keeping only sane ids.
    requestIdHeader: false,
    // A caller's request id is kept (for tracing across proxies) only when it is a sane token.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      // randomUUID draws from a cached entropy pool: cheaper per request than a UUIDv7, which
      // only row ids need for their time order.
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // request.ip is the first hop from the right that is not a trusted proxy (X-Forwarded-For is
    // read only through them; with none listed it is ignored). X-Forwarded-Proto and -Host are
    // believed only from a trusted peer.
    trustProxy: config.trustedProxies.length === 0 ? false : (address) => isTrustedProxy(address),
    return503OnClosing: true,
    // Even a request Fastify cannot route (a malformed URL) is answered in the one error shape.
    frameworkErrors: (error, request, reply) => {
      void sendError(new AppError('bad_request', error.message), request, reply);
    },
  });
  const services = await openServices(config, options, app);
  app.decorate('nimbus', services);
  app.addHook('onClose', () => closeServices(services));

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installSecurityHeaders(app, config);

  app.decorate('authenticator', new Authenticator());
  app.decorateRequest('principal', null);
  await registerOpenApi(app, version);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(systemRoutes(services));
  await app.register(captchaRoutes(services.captcha, services.limits));
  const onJobsStart: (() => Promise<void>)[] = [];
  const modules = await registerModules(MODULES, { app, services, onJobsStart: (task) => onJobsStart.push(task) });
  app.decorate('modules', modules);
  if (config.mode === 'local') await app.register(outboxRoutes(services.outbox, isTrustedProxy));
  await registerPortal(app, config.webDir, config.mode === 'local');

  if (options.runJobs !== false) {
    app.addHook('onReady', async () => {
      const { runner, jobsRepo, blobs, clock, database } = services;
      await scheduleMaintenance(runner, { repo: jobsRepo, blobs, clock });
      await scheduleCaptchaPurge(runner, { db: database.db, clock });
      for (const task of onJobsStart) await task();
      runner.start();
    });
  }
  return app;
}

async function openServices(config: Config, options: AppOptions, app: FastifyInstance): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.database, (error) =>
    app.log.warn({ err: error }, 'a database connection was lost; it will be replaced'),
  );
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    const blobs = options.blobs ?? (await openFsBlobStore(path.join(config.dataDir, 'blobs')));
    const bus = await openBus(config.redisUrl, app.log.child({ module: 'bus' }));
    const repo = new JobsRepo(database.db, database.dialect);
    const jobs = new JobQueue(repo, clock);
    const runner = new JobRunner({
      db: database.db,
      repo,
      queue: jobs,
      clock,
      log: app.log.child({ module: 'jobs' }),
      concurrency: config.jobSlots,
    });
    const messages = createOutbound(config, {
      queue: jobs,
      db: database.db,
      clock,
      log: app.log.child({ module: 'messages' }),
    });
    registerOutboundJobs(runner, messages);
    const secret = await loadServerSecret(config);
    const captcha = createCaptcha(config, {
      db: database.db,
      clock,
      secret,
      log: app.log.child({ module: 'captcha' }),
    });
    const pwned =
      config.pwnedPasswords === null
        ? null
        : new PwnedPasswordsChecker({ url: config.pwnedPasswords.url, log: app.log.child({ module: 'passwords' }) });
    const passwords = new PasswordPolicy({ pwned });
    const limits = await RateLimits.open(config.redisUrl);
    return {
      config,
      version,
      clock,
      database,
      blobs,
      bus,
      jobs,
      jobsRepo: repo,
      runner,
      outbound: messages.outbound,
      outbox: messages.outbox,
      closeOutbound: () => messages.close(),
      secret,
      captcha,
      passwords,
      limits,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function closeServices(services: Services): Promise<void> {
  await services.runner.stop();
  await services.closeOutbound();
  await services.bus.close();
  await services.limits.close();
  await services.database.close();
}
