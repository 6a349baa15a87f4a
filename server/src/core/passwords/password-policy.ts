import { passwordShapeProblems, type PasswordProblem } from '@nimbus/protocol';
import { isCommonPassword } from './common-passwords.js';
import { repeatsIdentifier, type PasswordIdentifiers } from './identifiers.js';
import type { PwnedPasswordsChecker } from './pwned-passwords.js';

/**
 * Nimbus's password rules (DESIGN §7): the shape shared with the portal, not a common password,
 * not the account's own e-mail or phone, and, when the operator turned it on, not in a breach.
 */
export class PasswordPolicy {
  private readonly pwned: PwnedPasswordsChecker | null;

  constructor(options: { pwned?: PwnedPasswordsChecker | null } = {}) {
    this.pwned = options.pwned ?? null;
  }

  /**
   * Every problem of the password at once, so the person fixes them in one go; empty when it is
   * acceptable. Order is stable: shape problems (as in PASSWORD_PROBLEMS), then too_common,
   * same_as_identifier, breached.
   */
  async check(password: string, identifiers: PasswordIdentifiers = {}): Promise<PasswordProblem[]> {
    const problems = passwordShapeProblems(password);
    if (isCommonPassword(password)) problems.push('too_common');
    if (repeatsIdentifier(password, identifiers)) problems.push('same_as_identifier');
    // The network check only decides a password that passed everything else: it costs a round
    // trip, and a refused password is not worth sending even 5 hex digits of its hash anywhere.
    if (problems.length === 0 && this.pwned !== null && (await this.pwned.isBreached(password))) {
      problems.push('breached');
    }
    return problems;
  }
}
