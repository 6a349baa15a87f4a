export * from './common-passwords.js';
export * from './identifiers.js';
export * from './password-hasher.js';
export * from './password-policy.js';
export * from './pwned-passwords.js';
