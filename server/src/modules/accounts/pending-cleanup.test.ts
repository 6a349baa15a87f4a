import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { createTestApp, lastMessageTo, linkToken, type TestApp, TestBrowser, testDialects } from '../../test/index.js';
import { AccountsRepo } from './accounts.repo.js';
import { schedulePendingCleanup } from './pending-cleanup.js';
import { DAY } from '../../core/time.js';

describe.each(testDialects())('accounts never activated on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    await schedulePendingCleanup(test.app.nimbus.runner, {
      repo: new AccountsRepo(test.app.nimbus.database.db),
      clock,
    });
  });
  afterAll(() => test.close());

  it('are removed after a week, freeing their address; activated ones stay', async () => {
    const form = (email: string) => ({ email, region: 'DE', birthDate: '1990-01-01', password: 'Orchid-walk-42' });
    const browser = new TestBrowser(test.app, '10.5.0.1');
    await browser.post('/api/v1/accounts/email', form('forgotten@example.org'));
    await browser.post('/api/v1/accounts/email', form('kept@example.org'));
    await browser.post('/api/v1/accounts/activate', {
      token: linkToken((await lastMessageTo(test.app, 'kept@example.org')).text),
    });

    clock.advance(6 * DAY);
    await test.app.nimbus.runner.runDue();
    const count = async () =>
      (
        await test.app.nimbus.database.db.selectFrom('account_identifiers').select('value').orderBy('value').execute()
      ).map((row) => row.value);
    expect(await count()).toEqual(['forgotten@example.org', 'kept@example.org']);

    clock.advance(2 * DAY);
    while ((await test.app.nimbus.runner.runDue()) > 0);
    expect(await count()).toEqual(['kept@example.org']);
  });
});
