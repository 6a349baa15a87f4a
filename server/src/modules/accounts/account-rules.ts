import { UAParser } from 'ua-parser-js';
import { AppError, badRequest } from '../../core/errors.js';
import { isKnownRegion } from './identifiers.js';

/** A country or region Nimbus knows (the same list the phone sign-up offers). */
export function checkRegion(region: string): void {
  if (!isKnownRegion(region)) throw badRequest('This country or region is not known.', { field: 'region' });
}

/** A real date, not in the future, not before 1900. */
export function checkBirthDate(birthDate: string, now: number): void {
  const born = Date.parse(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(born) || born > now || born < Date.UTC(1900, 0, 1)) {
    throw new AppError('validation_failed', 'The date of birth is not a real date in the past.', {
      issues: [{ path: 'body.birthDate', message: 'must be a real date in the past' }],
    });
  }
}

/** "Chrome 126" and "Windows 10" from a User-Agent, for sessions and security activity. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; os: string | null } {
  const agent = new UAParser(userAgent ?? '').getResult();
  return { browser: joined(agent.browser.name, agent.browser.major), os: joined(agent.os.name, agent.os.version) };
}

function joined(...parts: (string | undefined)[]): string | null {
  const text = parts.filter((part) => part !== undefined && part !== '').join(' ');
  return text === '' ? null : text;
}
