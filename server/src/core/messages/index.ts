export * from './mailer.js';
export * from './outbound.js';
export * from './outbox.repo.js';
export * from './sms.js';
export * from './templates.js';
