import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from './accounts.deps.js';
import { accountsRoutes } from './accounts.routes.js';
import { phoneRegistrationRoutes } from './phone-registration.routes.js';
import { PhoneRegistrationService } from './phone-registration.service.js';
import { RegistrationService } from './registration.service.js';
import { SignInService } from './sign-in.service.js';

export { AccountsRepo } from './accounts.repo.js';
export { SessionsRepo } from './sessions.repo.js';
export type { AccountsDeps } from './accounts.deps.js';

/** Registers the account module: its services and routes. */
export async function registerAccounts(app: FastifyInstance, deps: AccountsDeps): Promise<void> {
  const signIn = new SignInService(deps);
  const registration = new RegistrationService(deps, signIn);
  const secureCookies = deps.config.mode === 'production';
  await app.register(accountsRoutes(registration, signIn, secureCookies));
  await app.register(phoneRegistrationRoutes(new PhoneRegistrationService(deps, signIn), secureCookies));
}
