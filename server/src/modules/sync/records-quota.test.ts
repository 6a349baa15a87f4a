import type { PushResult, Storage, SyncRecord } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, owner, type TestApp, TestDevice, testDialects } from '../../test/index.js';

/** Small enough that three notes of ~900 bytes fill it. */
const QUOTA = 3000;

const note = (title: string, size: number) => ({
  title,
  body: 'x'.repeat(size),
  updatedAt: '2026-11-22T09:00:00Z',
});

interface ErrorBody {
  error: { code: string; message: string; details: { neededBytes: number; freeBytes: number; quotaBytes: number } };
}

describe.each(testDialects())('records count toward the quota on %s', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off', NIMBUS_FREE_QUOTA: String(QUOTA) },
    });
  });
  afterAll(() => test.close());

  it('refuses pushes and portal writes that add or grow records over quota (507), never deletions or shrinking edits', async () => {
    const login = 'records.quota@example.org';
    const browser = await owner(test.app, login, '10.31.0.1');
    const phone = await new TestDevice(test.app, '10.31.0.2').connect(login, 'Phone');
    const storage = async () => (await phone.call('GET', '/api/v1/storage')).json<Storage>();

    const created = await phone.create('notes', [
      { id: 'n-1', data: note('one', 800) },
      { id: 'n-2', data: note('two', 800) },
      { id: 'n-3', data: note('three', 800) },
    ]);
    const usage = await storage();
    // The storage page counts records, and the quota counts them with everything else.
    expect(usage.breakdown.records).toBeGreaterThan(2400);
    expect(usage.usedBytes).toBe(usage.breakdown.records);
    expect(usage.quotaBytes).toBe(QUOTA);
    const free = QUOTA - usage.usedBytes;
    expect(free).toBeLessThan(800);

    // A push that adds a record that does not fit: refused as an upload over quota would be.
    const adding = await phone.call('POST', '/api/v1/sync/notes', {
      items: [{ id: 'n-4', op: 'upsert', baseVersion: null, data: note('four', 800) }],
    });
    expect(adding.statusCode).toBe(507);
    const refusal = adding.json<ErrorBody>();
    expect(refusal.error.code).toBe('insufficient_storage');
    expect(refusal.error.details.freeBytes).toBe(free);
    expect(refusal.error.details.quotaBytes).toBe(QUOTA);
    expect(refusal.error.message).toMatch(/left/);
    expect((await storage()).usedBytes).toBe(usage.usedBytes);

    // An edit that grows a record past the quota is refused too.
    const [one, two, three] = created as Extract<PushResult, { status: 'applied' }>[];
    const growing = await phone.call('POST', '/api/v1/sync/notes', {
      items: [{ id: 'n-1', op: 'upsert', baseVersion: one?.version, data: note('one', 800 + free + 10) }],
    });
    expect(growing.statusCode).toBe(507);

    // An edit that shrinks goes through, and gives its bytes back.
    const [shrunk] = await phone.push('notes', [
      { id: 'n-2', op: 'upsert', baseVersion: two?.version ?? null, data: note('two', 10) },
    ]);
    expect(shrunk?.status).toBe('applied');
    expect((await storage()).usedBytes).toBeLessThan(usage.usedBytes - 700);

    // Filled again by a small record; then a push mixing a deletion and an addition: the deletion
    // applies, the addition is refused on its own with the quota's code.
    await phone.create('notes', [{ id: 'n-5', data: note('five', 700) }]);
    const mixed = await phone.push('notes', [
      { id: 'n-3', op: 'delete', baseVersion: three?.version ?? null },
      { id: 'n-6', op: 'upsert', baseVersion: null, data: note('six', 900) },
    ]);
    expect(mixed[0]?.status).toBe('applied');
    expect(mixed[1]).toMatchObject({ id: 'n-6', status: 'rejected', error: { code: 'insufficient_storage' } });
    expect((await phone.pullAll('notes')).map((change) => change.id)).not.toContain('n-6');

    // The portal: adding is refused with the same 507; a shrinking edit and a deletion go through.
    const portalAdd = await browser.post('/api/v1/records/notes', { data: note('seven', 900) });
    expect(portalAdd.statusCode).toBe(507);
    expect(portalAdd.json<ErrorBody>().error.code).toBe('insufficient_storage');
    const five = (await browser.get('/api/v1/records/notes/n-5')).json<{ record: SyncRecord }>().record;
    const edited = await browser.request('PUT', '/api/v1/records/notes/n-5', {
      baseVersion: five.version,
      data: note('five', 5),
    });
    expect(edited.statusCode).toBe(200);
    const removed = await browser.request('DELETE', '/api/v1/records/notes/n-1');
    expect(removed.statusCode).toBe(204);
  });
});
