import pino from 'pino';

/** A logger for tests: silent unless NIMBUS_TEST_LOG names a level. */
export const testLog = pino({ level: process.env.NIMBUS_TEST_LOG ?? 'silent' });
