import { defineModule } from '../../core/module.js';
// Its mail and SMS texts join core's templates as soon as the module loads.
import './accounts.messages.js';
import { accountsApi, type AccountsApi } from './accounts-api.js';
import { AccountsRepo } from './accounts.repo.js';
import type { AccountsDeps, PurgeAccountBlobs, SessionsEnded } from './accounts.deps.js';
import { schedulePurgeDeletedAccounts } from './deletion.jobs.js';
import { schedulePendingCleanup } from './pending-cleanup.js';
import { accountsRoutes } from './accounts.routes.js';
import { identifierChangeRoutes } from './identifier-change.routes.js';
import { IdentifierChangeService } from './identifier-change.service.js';
import { deletionRoutes } from './deletion.routes.js';
import { DeletionService } from './deletion.service.js';
import { phoneRegistrationRoutes } from './phone-registration.routes.js';
import { PhoneRegistrationService } from './phone-registration.service.js';
import { profileRoutes } from './profile.routes.js';
import { ProfileService } from './profile.service.js';
import { recoveryRoutes } from './recovery.routes.js';
import { RecoveryService } from './recovery.service.js';
import { RegistrationService } from './registration.service.js';
import { SessionsRepo } from './sessions.repo.js';
import { SignInService } from './sign-in.service.js';
import { webSessionStrategy } from './web-session.strategy.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './accounts.tables.js';

export { AccountsRepo } from './accounts.repo.js';
export { SessionsRepo } from './sessions.repo.js';
export { schedulePendingCleanup } from './pending-cleanup.js';
export type { AccountsDeps, PurgeAccountBlobs, RequestContext, SessionsEnded } from './accounts.deps.js';
export type { AccountsApi, DeviceSession } from './accounts-api.js';
export { PURGE_DELETED_ACCOUNTS, schedulePurgeDeletedAccounts } from './deletion.jobs.js';
export { RESEND_COOLDOWN } from './registration.service.js';

declare module '../../core/module.js' {
  interface ModuleApis {
    accounts: AccountsModule;
  }
}

/** What other modules may ask of accounts; they never read its tables. */
export interface AccountsModule extends AccountsApi {
  /**
   * Adds work the purge of a deleted account runs just before its row goes, to remove what the
   * account keeps outside its rows (blobs). Each must be idempotent: a failed purge runs them again.
   */
  onPurge(hook: PurgeAccountBlobs): void;
  /** Adds work to run after sessions of an account were ended wholesale (password change, sign out everywhere). */
  onSessionsEnded(hook: SessionsEnded): void;
}

/** Identity: registration, sign-in, sessions, recovery, profile, identifiers and deletion. */
export const accountsModule = defineModule({
  name: 'accounts',
  needs: [],
  async register({ app, services, log, onJobsStart }) {
    const { database, clock, outbound, captcha, passwords, limits, secret, config, runner } = services;
    const purgeHooks: PurgeAccountBlobs[] = [];
    const sessionsEndedHooks: SessionsEnded[] = [];
    const deps: AccountsDeps = {
      config,
      db: database.db,
      repo: new AccountsRepo(database.db),
      sessions: new SessionsRepo(database.db),
      clock,
      outbound,
      captcha,
      passwords,
      limits,
      secret,
      log,
      purgeAccountBlobs: purgeHooks,
      sessionsEnded: sessionsEndedHooks,
    };
    const signIn = new SignInService(deps);
    const registration = new RegistrationService(deps, signIn);
    app.authenticator.use(webSessionStrategy(signIn));
    const secureCookies = config.mode === 'production';
    await app.register(accountsRoutes(registration, signIn, secureCookies));
    await app.register(phoneRegistrationRoutes(new PhoneRegistrationService(deps, signIn), secureCookies));
    await app.register(deletionRoutes(new DeletionService(deps)));
    await app.register(recoveryRoutes(new RecoveryService(deps)));
    await app.register(profileRoutes(new ProfileService(deps)));
    await app.register(identifierChangeRoutes(new IdentifierChangeService(deps)));
    onJobsStart(async () => {
      await schedulePendingCleanup(runner, { repo: deps.repo, clock });
      // The purge runs the other modules' hooks (blobs) before an account's row goes.
      await schedulePurgeDeletedAccounts(runner, deps);
    });
    return {
      ...accountsApi(signIn),
      onPurge: (hook) => purgeHooks.push(hook),
      onSessionsEnded: (hook) => sessionsEndedHooks.push(hook),
    };
  },
});
