import { AppError, rateLimited } from '../../core/errors.js';
import type { Limit } from '../../core/rate-limits.js';
import { DAY } from '../../core/time.js';
import type { AccountsDeps } from './accounts.deps.js';
import { classifyLogin } from './identifiers.js';
import { SignInGuardsRepo } from './sign-in-guards.repo.js';
import type { CodeBudget } from './verifications.js';

/**
 * Wrong passwords are counted per client and login as typed, never per account: whatever a login
 * names, or whether it names anything, the answers are the same, and nobody can make the owner's
 * sign-in harder from somewhere else. A captcha from the third failure, a wait from the tenth.
 */
export const CAPTCHA_AFTER_FAILURES = 3;
const CLIENT_FAILURES: Limit = { points: 10, seconds: 15 * 60 };
/** Guessing one login from many addresses: past this, every client not already trusted solves a captcha. */
const LOGIN_FAILURES: Limit = { points: 20, seconds: 3600 };
/** Wrong passwords in a row for a login of an account before its owner is told (at most once a day). */
export const ALERT_AFTER_FAILURES = 10;
/** New-device codes an account is sent, and wrong codes it accepts, in 24 hours. */
export const CODES_PER_DAY = 10;
export const WRONG_CODES_PER_DAY = 20;

/** Who is failing: a browser or device the account trusts (by its token), else the address. */
export type FailingClient = { trustedToken: string } | { ip: string };

export class SignInGuards {
  readonly repo: SignInGuardsRepo;

  constructor(private readonly deps: Pick<AccountsDeps, 'db' | 'limits'>) {
    this.repo = new SignInGuardsRepo(deps.db);
  }

  /** The login as typed, normalised the way sign-in reads it (case, spaces, phone formatting). */
  static loginKey(login: string): string {
    const parsed = classifyLogin(login);
    return parsed === null ? `typed:${login.trim().toLowerCase()}` : `${parsed.kind}:${parsed.value}`;
  }

  /**
   * Before the password is checked: refuses a client that failed too often on this login, and
   * says whether it must solve a captcha first.
   */
  async beforeCheck(loginKey: string, client: FailingClient): Promise<{ captchaRequired: boolean }> {
    const { limits } = this.deps;
    const mine = await limits.peek('sign-in:fail', CLIENT_FAILURES, failKey(loginKey, client));
    if (mine.count >= CLIENT_FAILURES.points) throw rateLimited(mine.retryAfterSeconds);
    // A trusted browser already proved itself with a code: strangers' guessing never asks it for more.
    if ('trustedToken' in client) return { captchaRequired: mine.count >= CAPTCHA_AFTER_FAILURES };
    const everyone = await limits.peek('sign-in:login', LOGIN_FAILURES, loginKey);
    return { captchaRequired: mine.count >= CAPTCHA_AFTER_FAILURES || everyone.count >= LOGIN_FAILURES.points };
  }

  /** Counts a wrong password; returns whether the next try needs a captcha. */
  async failed(loginKey: string, client: FailingClient): Promise<boolean> {
    const { limits } = this.deps;
    const mine = await limits.add('sign-in:fail', CLIENT_FAILURES, failKey(loginKey, client));
    if ('trustedToken' in client) return mine >= CAPTCHA_AFTER_FAILURES;
    const everyone = await limits.add('sign-in:login', LOGIN_FAILURES, loginKey);
    return mine >= CAPTCHA_AFTER_FAILURES || everyone >= LOGIN_FAILURES.points;
  }

  /** A right password: this client starts over. */
  async succeeded(loginKey: string, client: FailingClient): Promise<void> {
    await this.deps.limits.reset('sign-in:fail', CLIENT_FAILURES, failKey(loginKey, client));
  }

  /** Counts a new-device code about to be sent; refuses once the day's codes or wrong codes are used up. */
  async codeSent(accountId: string, now: number): Promise<void> {
    const wrongUntil = await this.repo.exhaustedUntil(accountId, 'wrong_codes', WRONG_CODES_PER_DAY, now);
    if (wrongUntil !== null) throw codeBudgetExhausted(wrongUntil - now);
    const until = await this.repo.take(accountId, 'codes_sent', CODES_PER_DAY, now);
    if (until !== null) throw codeBudgetExhausted(until - now);
  }

  /** The account's daily budget of wrong codes, spent by redeemCode before each comparison. */
  wrongCodes(accountId: string, now: number): CodeBudget {
    return {
      reserve: async () => {
        const until = await this.repo.take(accountId, 'wrong_codes', WRONG_CODES_PER_DAY, now);
        if (until !== null) throw codeBudgetExhausted(until - now);
      },
      giveBack: () => this.repo.giveBackWrongCode(accountId),
    };
  }
}

function failKey(loginKey: string, client: FailingClient): string {
  return 'trustedToken' in client ? `trusted:${client.trustedToken}|${loginKey}` : `ip:${client.ip}|${loginKey}`;
}

/**
 * The day's new-device codes are used up. Only someone who typed the right password sees this, so
 * it tells a stranger nothing; the owner signs in at once by resetting the password by e-mail,
 * which starts the budgets over (and takes the password from whoever spent them).
 */
export function codeBudgetExhausted(remainingMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(Math.min(remainingMs, DAY) / 1000));
  return new AppError(
    'code_budget_exhausted',
    `Too many sign-in codes were sent or mistyped for this account today. To sign in now, reset your password with “Forgot password”; or try again in ${Math.ceil(seconds / 3600)} hours.`,
    { retryAfterSeconds: seconds },
  );
}
