import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jpeg, owner, putFile, type TestApp, TestDevice, testDialects } from '../../test/index.js';
import { THUMBNAIL_JOB } from './thumbnail.jobs.js';

let ipCounter = 0;
const nextIp = () => `10.33.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe.each(testDialects())('the thumbnail queue on %s', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  it("queues each photo's thumbnail in the media queue under the photo's account", async () => {
    await owner(test.app, 'queue.thumbs@example.org', nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect('queue.thumbs@example.org', 'Phone');
    const response = await putFile(phone, await jpeg(64, 48, 1), { section: 'gallery', name: 'one.jpg' });
    expect(response.statusCode, response.body).toBe(201);
    const { db } = test.app.nimbus.database;
    const item = await db
      .selectFrom('media_items')
      .select('account_id')
      .where('id', '=', response.json<{ item: { id: string } }>().item.id)
      .executeTakeFirstOrThrow();
    const jobs = await db.selectFrom('jobs').select(['account_id']).where('name', '=', THUMBNAIL_JOB).execute();
    // The account is what its queue takes turns by: without it, a big upload delays everyone's.
    expect(jobs).toEqual([{ account_id: item.account_id }]);
  });
});
