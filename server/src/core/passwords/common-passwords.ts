import { dictionary } from '@zxcvbn-ts/language-common';

let common: ReadonlySet<string> | undefined;

// Built on first use, not at import: 49k strings cost a few MB and some milliseconds, which
// processes that never check a password (workers, migrations) need not pay.
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
  return common;
}

/**
 * True when the password is one of the ~49,000 most common passwords of zxcvbn's list, ignoring
 * case: "Qwerty123" is as guessable as "qwerty123", since attackers try the capitalised forms too.
 * Offline, so it needs no network and leaks nothing.
 */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize('NFC').toLowerCase());
}
