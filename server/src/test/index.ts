/**
 * The one home of test helpers, for the server's, the client's and the portal's tests: a whole app
 * on a fresh database, accounts, browsers and devices over its API, the places where the mail and
 * SMS it sends arrive, test media, processes, the clock. Tests outside the server import only this.
 */
export * from './accounts.js';
export * from './app.js';
export * from './databases.js';
export * from './device.js';
export * from './logger.js';
export * from './mailbox.js';
export * from './nginx.js';
export * from './media.js';
export * from './messages.js';
export * from './processes.js';
export * from './sms-receiver.js';
export * from './suites.js';
export * from './sync.js';
export * from './time.js';
