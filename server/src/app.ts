import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ErrorBody } from '@nimbus/protocol';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { openFsBlobStore, type BlobStore } from './core/blobs/index.js';
import { openBus } from './core/bus/index.js';
import { systemClock, type Clock } from './core/time.js';
import { registerDevices, scheduleCommandExpiry, type DevicesModule } from './modules/devices/index.js';
import { registerSync, schedulePruneTombstones, SyncRepo } from './modules/sync/index.js';
import {
  defineThumbnailJob,
  purgeAccountMedia,
  registerMedia,
  scheduleMediaJobs,
  ThumbnailStore,
  type MediaDeps,
  type MediaModule,
} from './modules/media/index.js';
import {
  createStorage,
  freePlanLimit,
  scheduleStorageJobs,
  type StorageApi,
  type StorageDeps,
} from './modules/storage/index.js';
import { openDatabase } from './core/db/database.js';
import { migrateToLatest } from './core/db/migrate.js';
import { installErrorHandling } from './core/http/error-handler.js';
import { registerOpenApi } from './core/http/openapi.js';
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
import { createOutbound, registerOutboundJobs } from './core/messages/index.js';
import type { Services } from './core/services.js';
import {
  AccountsRepo,
  registerAccounts,
  schedulePendingCleanup,
  schedulePurgeDeletedAccounts,
  SessionsRepo,
  type AccountsDeps,
} from './modules/accounts/index.js';
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
}

declare module 'fastify' {
  interface FastifyInstance {
    nimbus: Services;
    /** The domain modules' services, for the jobs that drive them (and tests that play those jobs). */
    modules: {
      devices: DevicesModule;
      media: MediaModule;
      mediaDeps: MediaDeps;
      storage: StorageApi;
      storageDeps: StorageDeps;
    };
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * Builds the whole Nimbus server from its configuration: opens and migrates the database, opens
 * the blob store and the bus, sets up jobs, and registers every route. Used by main and by tests;
 * closing the app closes everything it opened.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
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
    return503OnClosing: true,
    // Even a request Fastify cannot route (a malformed URL) is answered in the one error shape.
    frameworkErrors: (error, request, reply) => {
      void (reply as FastifyReply)
        .code(400)
        .send({ error: { code: 'bad_request', message: error.message, requestId: request.id } } satisfies ErrorBody);
    },
  });
  const services = await openServices(config, options, app);
  app.decorate('nimbus', services);
  app.addHook('onClose', () => closeServices(services));

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    done(null, payload);
  });

  const db = services.database.db;
  const uploadsDir = path.join(config.dataDir, 'blobs', 'uploads');

  app.decorate('authenticator', new Authenticator());
  app.decorateRequest('principal', null);
  await registerOpenApi(app, version);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(systemRoutes(services));
  await app.register(captchaRoutes(services.captcha, services.limits));
  const storageDeps: StorageDeps = {
    db,
    blobs: services.blobs,
    clock: services.clock,
    log: app.log.child({ module: 'storage' }),
    limits: freePlanLimit(config.freeQuotaBytes),
    providers: { records: { usedBytes: (accountId, conn) => new SyncRepo(conn).recordsBytes(accountId) } },
  };
  const storage = createStorage(storageDeps);
  const accountsDeps: AccountsDeps = {
    config,
    db,
    repo: new AccountsRepo(services.database.db),
    sessions: new SessionsRepo(services.database.db),
    clock: services.clock,
    outbound: services.outbound,
    captcha: services.captcha,
    passwords: services.passwords,
    limits: services.limits,
    secret: services.secret,
    log: app.log.child({ module: 'accounts' }),
    purgeAccountBlobs: [
      purgeAccountMedia({ storage, uploadsDir }),
      (accountId) => storage.refs.purgeAccount(accountId),
    ],
  };
  const accounts = await registerAccounts(app, accountsDeps);
  const { devices, commands } = await registerDevices(app, {
    db,
    clock: services.clock,
    bus: services.bus,
    accounts,
    log: app.log.child({ module: 'devices' }),
  });
  await registerSync(app, { db, clock: services.clock, devices, commands, limits: services.limits });
  const mediaDeps: MediaDeps = {
    db,
    blobs: services.blobs,
    storage,
    thumbnails: new ThumbnailStore(path.join(config.dataDir, 'thumbnails')),
    uploadsDir,
    clock: services.clock,
    jobs: services.jobs,
    log: app.log.child({ module: 'media' }),
  };
  const media = await registerMedia(app, mediaDeps);
  defineThumbnailJob(services.runner, { ...mediaDeps, log: mediaDeps.log });
  app.decorate('modules', { devices: { devices, commands }, media, mediaDeps, storage, storageDeps });
  if (config.mode === 'local') await app.register(outboxRoutes(services.outbox));
  await registerPortal(app, config.webDir, config.mode === 'local');

  if (options.runJobs !== false) {
    app.addHook('onReady', async () => {
      await scheduleMaintenance(services.runner, {
        repo: services.jobsRepo,
        blobs: services.blobs,
        clock: services.clock,
      });
      await scheduleCaptchaPurge(services.runner, { db: services.database.db, clock: services.clock });
      await schedulePendingCleanup(services.runner, {
        repo: new AccountsRepo(services.database.db),
        clock: services.clock,
      });
      // The same deps as the module's: the purge runs its blob hooks (media) before an account's row goes.
      await schedulePurgeDeletedAccounts(services.runner, accountsDeps);
      await schedulePruneTombstones(services.runner, { db: services.database.db, clock: services.clock });
      await scheduleCommandExpiry(services.runner, commands);
      await scheduleStorageJobs(services.runner, storage, services.clock);
      await scheduleMediaJobs(services.runner, mediaDeps, media.bin);
      services.runner.start();
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
    const runner = new JobRunner({ db: database.db, repo, queue: jobs, clock, log: app.log.child({ module: 'jobs' }) });
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
