import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MediaItem, Storage } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import {
  createTestApp,
  jpeg,
  listen,
  owner,
  putFile,
  sha256,
  type TestApp,
  TestDevice,
  testDialects,
} from '../../test/index.js';
import { expireUploads, purgeAccountMedia, recountUsage } from '../media/index.js';
import { HOUR } from '../../core/time.js';
import { freePlanLimit } from './index.js';

let ipCounter = 0;
const nextIp = () => `10.35.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe.each(testDialects())('storage and quota on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9, 0));
  let test: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      clock,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_FREE_QUOTA: '2MB' },
    });
    baseUrl = await listen(test.app);
  });
  afterAll(() => test.close());

  const phoneOf = async (email: string) => {
    await owner(test.app, email, nextIp());
    return new TestDevice(test.app, nextIp()).connect(email, 'Phone');
  };
  const storageOf = async (phone: TestDevice) => (await phone.call('GET', '/api/v1/storage')).json<Storage>();
  const objectPath = (hash: string) =>
    path.join(test.dataDir, 'blobs', 'objects', hash.slice(0, 2), hash.slice(2, 4), hash);

  it('over quota, refuses new uploads while reading, downloading, deleting and restoring keep working', async () => {
    const phone = await phoneOf('media.full@example.org');
    const photo = await jpeg(700, 500, 20);
    const created = await putFile(phone, photo, { section: 'gallery', name: 'a.jpg' });
    expect(created.statusCode).toBe(201);
    const item = created.json<{ item: MediaItem }>().item;
    const quota = test.app.modules.storage;
    const quotaBytes = Math.floor(photo.length / 2);
    try {
      // The account's allowance shrinks below what it holds (as when a paid plan runs out).
      quota.useLimits(freePlanLimit(quotaBytes));
      const storage = await storageOf(phone);
      expect(storage).toMatchObject({ readOnly: true, usedBytes: photo.length, quotaBytes });
      const refused = await putFile(phone, Buffer.from('tiny'), { section: 'files', name: 'tiny.txt' });
      expect(refused.statusCode).toBe(507);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/Not enough storage/);
      expect((await phone.call('GET', '/api/v1/media/gallery')).json<{ items: MediaItem[] }>().items).toHaveLength(1);
      expect((await phone.call('GET', `/api/v1/media/items/${item.id}/content`)).statusCode).toBe(200);
      expect((await phone.call('POST', '/api/v1/media/trash', { ids: [item.id] })).statusCode).toBe(200);
      expect((await phone.call('POST', '/api/v1/media/bin/restore', { ids: [item.id] })).statusCode).toBe(200);
      expect((await phone.call('POST', '/api/v1/media/trash', { ids: [item.id] })).statusCode).toBe(200);
      expect((await phone.call('POST', '/api/v1/media/bin/delete', { ids: [item.id] })).statusCode).toBe(200);
      expect(await storageOf(phone)).toMatchObject({ readOnly: false, usedBytes: 0 });
    } finally {
      quota.useLimits(freePlanLimit(test.app.nimbus.config.freeQuotaBytes));
    }
  });

  it('drops an upload left unfinished for a day, with its held space and its staged bytes', async () => {
    const phone = await phoneOf('media.expiry@example.org');
    const bytes = Buffer.alloc(300_000, 3);
    const creation = await fetch(`${baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${phone.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': `section ${b64('files')},name ${b64('big.bin')},sha256 ${b64(sha256(bytes))}`,
        'content-type': 'application/offset+octet-stream',
      },
      body: bytes.subarray(0, 1000),
    });
    expect(creation.status).toBe(201);
    const url = new URL(creation.headers.get('location') ?? '', baseUrl).toString();
    expect((await storageOf(phone)).breakdown.uploads).toBe(bytes.length);
    const uploadsDir = test.app.modules.media.deps.uploadsDir;
    expect((await readdir(uploadsDir)).length).toBeGreaterThan(0);

    clock.advance(23 * HOUR);
    expect(await expireUploads(test.app.modules.media.deps, clock.now())).toBe(0);
    clock.advance(2 * HOUR);
    await phone.refresh();
    expect(await expireUploads(test.app.modules.media.deps, clock.now())).toBe(1);
    expect((await storageOf(phone)).breakdown.uploads).toBe(0);
    expect(await readdir(uploadsDir)).toEqual([]);
    const head = await fetch(url, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${phone.accessToken}`, 'tus-resumable': '1.0.0' },
    });
    expect(head.status).toBe(404);
  });

  it('recounts usage from the items and fixes what drifted', async () => {
    const phone = await phoneOf('media.recount@example.org');
    const photo = await jpeg(300, 300, 21);
    expect((await putFile(phone, photo, { section: 'gallery', name: 'r.jpg' })).statusCode).toBe(201);
    const { db } = test.app.nimbus.database;
    const account = await db
      .selectFrom('media_blobs')
      .select('account_id')
      .where('sha256', '=', sha256(photo))
      .executeTakeFirstOrThrow();
    await db
      .updateTable('media_usage')
      .set({ blobs: 1, gallery: 999 })
      .where('account_id', '=', account.account_id)
      .execute();
    expect((await storageOf(phone)).usedBytes).toBe(1);
    expect(await recountUsage(test.app.modules.media.deps, clock.now())).toBeGreaterThanOrEqual(1);
    expect((await storageOf(phone)).usedBytes).toBe(photo.length);
    expect((await storageOf(phone)).breakdown.gallery).toBe(photo.length);
    expect(await recountUsage(test.app.modules.media.deps, clock.now())).toBe(0);
  });

  it('lets go of a purged account’s blobs, but not of bytes another account keeps', async () => {
    const leaving = await phoneOf('media.leaving@example.org');
    const staying = await phoneOf('media.staying@example.org');
    const own = await jpeg(200, 150, 22);
    const shared = await jpeg(200, 150, 23);
    for (const bytes of [own, shared]) {
      expect((await putFile(leaving, bytes, { section: 'gallery', name: `${sha256(bytes)}.jpg` })).statusCode).toBe(
        201,
      );
    }
    expect((await putFile(staying, shared, { section: 'gallery', name: 'shared.jpg' })).statusCode).toBe(201);
    const { db } = test.app.nimbus.database;
    const { account_id: accountId } = await db
      .selectFrom('media_blobs')
      .select('account_id')
      .where('sha256', '=', sha256(own))
      .executeTakeFirstOrThrow();
    // What the account purge does: the hook, then the account's row (its media rows cascade).
    await purgeAccountMedia(test.app.modules.media.deps)(accountId);
    await test.app.modules.storage.refs.purgeAccount(accountId);
    await db.deleteFrom('accounts').where('id', '=', accountId).execute();
    clock.advance(2 * HOUR);
    // (Blobs let go of by earlier tests go in the same pass.)
    expect(await test.app.modules.storage.refs.collect(clock.now())).toBeGreaterThanOrEqual(1);
    expect(existsSync(objectPath(sha256(own)))).toBe(false);
    expect(existsSync(objectPath(sha256(shared)))).toBe(true);
    await staying.refresh();
    const [item] = (await staying.call('GET', '/api/v1/media/gallery')).json<{ items: MediaItem[] }>().items;
    expect((await staying.call('GET', `/api/v1/media/items/${item?.id}/content`)).statusCode).toBe(200);
  });
});
