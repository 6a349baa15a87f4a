export { Authenticator, type AuthStrategy } from './authenticator.js';
export {
  ALL_SCOPES,
  requireDevice,
  requireScope,
  type AuthVia,
  type Principal,
  type PrincipalDevice,
  type Scope,
} from './principal.js';
export { principalOf, requireAuth, type AuthRequirement } from './require-auth.js';
