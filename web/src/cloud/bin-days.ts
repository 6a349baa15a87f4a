/**
 * Days a deleted record stays in the recycle bin: TOMBSTONE_DAYS of the protocol (bin-days.test.ts
 * keeps them equal). Not imported from there, as a value import from @nimbus/protocol would bring
 * zod into the portal's first download.
 */
export const BIN_DAYS = 30;
