import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

export const PWNED_PASSWORDS_TIMEOUT_MS = 3_000;

export interface PwnedPasswordsOptions {
  /** The range API's base URL, e.g. https://api.pwnedpasswords.com (Config.pwnedPasswords.url). */
  url: string;
  log: Pick<FastifyBaseLogger, 'warn'>;
  timeoutMs?: number;
}

const RANGE_LINE = /^([0-9A-F]{35}):(\d+)$/i;

/**
 * Asks HaveIBeenPwned's Pwned Passwords range API whether a password appeared in a known breach.
 * k-anonymity: only the first 5 hex digits of the password's SHA-1 leave the server; the API
 * answers every suffix under that prefix and the match is made here. Add-Padding makes every
 * answer a similar size, so someone watching the traffic cannot tell the prefix from its length.
 */
export class PwnedPasswordsChecker {
  private readonly rangeUrl: string;
  private readonly log: Pick<FastifyBaseLogger, 'warn'>;
  private readonly timeoutMs: number;

  constructor(options: PwnedPasswordsOptions) {
    this.rangeUrl = `${options.url.replace(/\/+$/, '')}/range/`;
    this.log = options.log;
    this.timeoutMs = options.timeoutMs ?? PWNED_PASSWORDS_TIMEOUT_MS;
  }

  /**
   * True when the password is in the breach corpus. Fails open: when the API cannot be reached,
   * answers late or answers anything but 200, this logs a warning and returns false. An outage of a
   * third party must not stop people signing up or changing passwords; the offline checks
   * (shape, common passwords) still apply.
   */
  async isBreached(password: string): Promise<boolean> {
    // NFC like the stored hash, so the password checked is the password kept.
    const sha1 = createHash('sha1').update(password.normalize('NFC'), 'utf8').digest('hex').toUpperCase();
    const prefix = sha1.slice(0, 5);
    const suffix = sha1.slice(5);
    let body: string;
    try {
      const response = await fetch(this.rangeUrl + prefix, {
        headers: { 'add-padding': 'true', 'user-agent': 'Nimbus' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await response.text();
      if (response.status !== 200) {
        this.log.warn(
          { status: response.status },
          'Pwned Passwords answered with an error; password accepted without the breach check',
        );
        return false;
      }
    } catch (error) {
      // fetch hides the reason (refused, reset, timed out) in its cause. Never log the prefix.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      this.log.warn(
        { reason: cause instanceof Error ? cause.message : String(cause) },
        'Pwned Passwords unreachable; password accepted without the breach check',
      );
      return false;
    }
    return body.split('\n').some((line) => {
      const match = RANGE_LINE.exec(line.trim());
      // Padding lines are random suffixes with a count of 0: never a match.
      return match?.[1]?.toUpperCase() === suffix && Number(match[2]) > 0;
    });
  }
}
