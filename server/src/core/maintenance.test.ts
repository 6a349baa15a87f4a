import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialects } from '../test/index.js';
import { ManualClock } from './time.js';
import { KEEP_DONE_JOBS_MS, PURGE_FINISHED_JOBS, scheduleMaintenance } from './maintenance.js';
import { HOUR } from './time.js';

describe.each(testDialects())('maintenance jobs on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 0, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false });
    const { runner, jobsRepo, blobs } = test.app.nimbus;
    await scheduleMaintenance(runner, { repo: jobsRepo, blobs, clock });
  });
  afterAll(() => test.close());

  it('purges finished jobs after a week, every night, and keeps the rest', async () => {
    const { runner, jobs, jobsRepo } = test.app.nimbus;
    runner.define({ name: 'test.noop', run: () => Promise.resolve() });
    const old = await jobs.enqueue('test.noop', null);
    await runner.runDue();
    clock.advance(KEEP_DONE_JOBS_MS);
    const recent = await jobs.enqueue('test.noop', null);
    await runner.runDue();
    const waiting = await jobs.enqueue('test.noop', null, { delayMs: 365 * 24 * HOUR });

    clock.advance(4 * HOUR); // past 03:17, when the nightly purge is due
    // Housekeeping has one slot: a pass runs one of the jobs due.
    while ((await runner.runDue()) > 0);

    expect(await jobsRepo.get(old ?? '')).toBeUndefined();
    expect(await jobsRepo.get(recent ?? '')).toMatchObject({ status: 'done' });
    expect(await jobsRepo.get(waiting ?? '')).toMatchObject({ status: 'queued' });
    const purges = await test.app.nimbus.database.db
      .selectFrom('jobs')
      .select(['status'])
      .where('name', '=', PURGE_FINISHED_JOBS)
      .execute();
    // One catch-up run for the week the clock skipped, one for tonight: never a burst of seven.
    expect(purges).toEqual([{ status: 'done' }, { status: 'done' }]);
  });
});
