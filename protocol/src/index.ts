export * from './accounts.js';
export * from './captcha.js';
export * from './errors.js';
export * from './health.js';
export * from './locales.js';
export * from './meta.js';
export * from './outbox.js';
export * from './passwords.js';
