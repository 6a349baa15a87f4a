import type { FastifyInstance } from 'fastify';
// Its mail and SMS texts join core's templates as soon as the module loads.
import './accounts.messages.js';
import { accountsApi, type AccountsApi } from './accounts-api.js';
import type { AccountsDeps } from './accounts.deps.js';
import { accountsRoutes } from './accounts.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { ContactsService } from './contacts.service.js';
import { deletionRoutes } from './deletion.routes.js';
import { DeletionService } from './deletion.service.js';
import { phoneRegistrationRoutes } from './phone-registration.routes.js';
import { PhoneRegistrationService } from './phone-registration.service.js';
import { profileRoutes } from './profile.routes.js';
import { ProfileService } from './profile.service.js';
import { recoveryRoutes } from './recovery.routes.js';
import { RecoveryService } from './recovery.service.js';
import { RegistrationService } from './registration.service.js';
import { SignInService } from './sign-in.service.js';

// Its tables join core's Tables wherever this module is part of the program.
export type * from './accounts.tables.js';

export { AccountsRepo } from './accounts.repo.js';
export { SessionsRepo } from './sessions.repo.js';
export { schedulePendingCleanup } from './pending-cleanup.js';
export type { AccountsDeps, PurgeAccountBlobs } from './accounts.deps.js';
export type { AccountsApi, Caller } from './accounts-api.js';
export { PURGE_DELETED_ACCOUNTS, schedulePurgeDeletedAccounts } from './deletion.jobs.js';
export { RESEND_COOLDOWN } from './registration.service.js';

/** Registers the account module: its services and routes; answers what other modules may ask of it. */
export async function registerAccounts(app: FastifyInstance, deps: AccountsDeps): Promise<AccountsApi> {
  const signIn = new SignInService(deps);
  const registration = new RegistrationService(deps, signIn);
  const secureCookies = deps.config.mode === 'production';
  await app.register(accountsRoutes(registration, signIn, secureCookies));
  await app.register(phoneRegistrationRoutes(new PhoneRegistrationService(deps, signIn), secureCookies));
  await app.register(deletionRoutes(new DeletionService(deps), signIn));
  await app.register(recoveryRoutes(new RecoveryService(deps)));
  await app.register(profileRoutes(new ProfileService(deps), signIn));
  await app.register(contactsRoutes(new ContactsService(deps), signIn));
  return accountsApi(signIn);
}
