import type { FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthorized } from '../errors.js';
import type { AuthVia, Principal } from './principal.js';

/**
 * One way of proving who is calling, contributed by the module that owns those credentials
 * (accounts: the web cookie; devices: the bearer token; later app passwords and OAuth tokens).
 */
export interface AuthStrategy {
  readonly via: AuthVia;
  /** Whether the request carries this strategy's kind of credentials: headers only, no I/O. */
  claims(request: FastifyRequest): boolean;
  /** The principal behind the credentials; throws unauthorized (401) or a 403 when they do not pass. */
  authenticate(request: FastifyRequest): Promise<Principal>;
}

/** Turns a request into its Principal through the first strategy that claims its credentials. */
export class Authenticator {
  private readonly strategies: AuthStrategy[] = [];

  use(strategy: AuthStrategy): void {
    if (this.strategies.some((known) => known.via === strategy.via)) {
      throw new Error(`an authentication strategy for ${strategy.via} is registered twice`);
    }
    this.strategies.push(strategy);
  }

  /**
   * The caller of a request made with credentials of one of the `accepted` kinds. No credentials,
   * or credentials no strategy knows, answer 401; valid credentials of another kind answer 403
   * (checked after them, so a stolen-looking token is never told apart from a wrong kind).
   */
  async authenticate(request: FastifyRequest, accepted: readonly AuthVia[]): Promise<Principal> {
    const strategy = this.strategies.find((candidate) => candidate.claims(request));
    if (strategy === undefined) {
      throw request.headers.authorization === undefined
        ? unauthorized('Sign in first.')
        : unauthorized('This access token is not valid or has expired.');
    }
    const principal = await strategy.authenticate(request);
    if (!accepted.includes(principal.via)) throw refusal(accepted);
    return principal;
  }
}

function refusal(accepted: readonly AuthVia[]): AppError {
  if (accepted.length === 1 && accepted[0] === 'web') {
    return new AppError(
      'portal_only',
      'This is done in the Nimbus portal, signed in with the account password; a device or an app password cannot do it.',
    );
  }
  if (accepted.length === 1 && accepted[0] === 'device') {
    return new AppError('not_a_device', 'Only a signed-in device does this, with its own access token.');
  }
  return forbidden('These credentials are not accepted here.');
}
