/**
 * Days between confirming the deletion and the purge: DELETION_GRACE_DAYS of the protocol
 * (grace-period.test.ts keeps them equal). Not imported from there, as a value import from
 * @nimbus/protocol would bring zod into the portal's first download.
 */
export const GRACE_DAYS = 7;
