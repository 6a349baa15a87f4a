import type { IdentifierKind } from '@nimbus/protocol';
import { formatInternational } from './phone-numbers';

/** How a stored contact is shown to its owner: an e-mail as it is, a phone number grouped. */
export function displayIdentifier(kind: IdentifierKind, value: string): string {
  return kind === 'phone' ? formatInternational(value) : value;
}
