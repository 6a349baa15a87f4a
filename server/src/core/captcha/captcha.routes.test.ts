import { Writable } from 'node:stream';
import { validate } from '@readme/openapi-parser';
import { CaptchaChallengeSchema } from '@nimbus/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../time.js';
import type { Database } from '../db/database.js';
import { installErrorHandling } from '../http/error-handler.js';
import { registerOpenApi } from '../http/openapi.js';
import { JobQueue, JobRunner, JobsRepo } from '../jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects, testLog } from '../../test/index.js';
import type { Captcha, CaptchaDependencies } from './captcha.js';
import { captchaRoutes } from './captcha.routes.js';
import { createCaptcha, purgeExpiredCaptchas, scheduleCaptchaPurge } from './create-captcha.js';
import { solveAltcha } from './solve-altcha.fixture.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';

/** The route on a bare Fastify set up as buildApp sets it up; buildApp itself is the lead's to wire. */
async function appServing(captcha: Captcha): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await registerOpenApi(app, '0.0.0-test');
  await app.register(captchaRoutes(captcha));
  return app;
}

describe.each(testDialects())('GET /api/v1/captcha on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let deps: CaptchaDependencies;
  let clock: ManualClock;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    clock = new ManualClock();
    deps = { db: database.db, clock, secret: SECRET, log: testLog };
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  it.each(['altcha', 'image', 'off'] as const)('answers a %s challenge, never to be cached', async (captchaKind) => {
    const captcha = createCaptcha({ captcha: captchaKind, mode: 'local' }, deps);
    const app = await appServing(captcha);
    try {
      const response = await app.inject('/api/v1/captcha');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const challenge = CaptchaChallengeSchema.parse(response.json());
      expect(challenge.kind).toBe(captchaKind);
      if (challenge.kind === 'altcha') expect(await captcha.verify(await solveAltcha(challenge.challenge))).toBe(true);
      if (challenge.kind === 'off') expect(await captcha.verify(undefined)).toBe(true);
      const document = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
      expect((await validate(structuredClone(document) as never)).valid).toBe(true);
      expect(document.paths).toHaveProperty('/api/v1/captcha');
    } finally {
      await app.close();
    }
  });

  it('purges challenges an hour after they expired, and only those', async () => {
    await database.db.deleteFrom('captcha_images').execute();
    await database.db.deleteFrom('captcha_redemptions').execute();
    const image = createCaptcha({ captcha: 'image', mode: 'local' }, deps);
    const altcha = createCaptcha({ captcha: 'altcha', mode: 'local' }, deps);
    const old = await altcha.challenge();
    if (old.kind !== 'altcha') throw new Error('not altcha');
    expect(await altcha.verify(await solveAltcha(old.challenge))).toBe(true);
    await image.challenge();
    clock.advance(71 * MINUTE);
    await image.challenge();
    expect(await purgeExpiredCaptchas(database.db, clock)).toBe(2);
    expect(await database.db.selectFrom('captcha_images').selectAll().execute()).toHaveLength(1);
    expect(await database.db.selectFrom('captcha_redemptions').selectAll().execute()).toHaveLength(0);
  });

  it('purges on a schedule once the purge job is set up', async () => {
    await database.db.deleteFrom('captcha_images').execute();
    const repo = new JobsRepo(database.db, database.dialect);
    const runner = new JobRunner({ db: database.db, repo, queue: new JobQueue(repo, clock), clock, log: testLog });
    await scheduleCaptchaPurge(runner, { db: database.db, clock });
    await createCaptcha({ captcha: 'image', mode: 'local' }, deps).challenge();
    clock.advance(71 * MINUTE);
    expect(await runner.runDue()).toBe(1);
    expect(await database.db.selectFrom('captcha_images').selectAll().execute()).toEqual([]);
  });
});

describe('choosing the captcha', () => {
  const deps = { db: undefined as never, clock: new ManualClock(), secret: SECRET };

  it('warns when the captcha is off, and refuses off in production', async () => {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString('utf8')) as { level: number; msg: string });
        callback();
      },
    });
    const off = createCaptcha({ captcha: 'off', mode: 'local' }, { ...deps, log: pino(stream) });
    expect(off.kind).toBe('off');
    expect(await off.verify('anything')).toBe(true);
    expect(lines.map((line) => [line.level, line.msg.slice(0, 14)])).toEqual([[40, 'captcha is off']]);
    expect(() => createCaptcha({ captcha: 'off', mode: 'production' }, { ...deps, log: testLog })).toThrow(/local/);
    expect(createCaptcha({ captcha: 'altcha', mode: 'production' }, { ...deps, log: testLog }).kind).toBe('altcha');
  });
});
