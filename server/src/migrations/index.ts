import type { Migration } from 'kysely';
import * as jobsAndOutbox from './2026_11_22_0001_jobs_and_outbox.js';
import * as captcha from './2026_11_22_0002_captcha.js';
import * as accounts from './2026_11_22_0003_accounts.js';
import * as deviceTokens from './2026_11_22_0004_device_tokens.js';
import * as devicesAndSync from './2026_11_22_0005_devices_and_sync.js';
import * as calendarRangeAndPresence from './2026_11_22_0006_calendar_range_and_presence.js';
import * as media from './2026_12_07_0007_media.js';
import * as jobFairness from './2026_12_08_0008_job_fairness.js';
import * as trustExpiryAndOwnerSwitches from './2026_12_08_0009_trust_expiry_and_owner_switches.js';
import * as signInGuards from './2026_12_08_0010_sign_in_guards.js';

/**
 * Every migration, by name. Names sort in the order they must run: add new ones at the end with
 * a later date. A migration that has shipped is never edited; a change is a new migration.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_jobs_and_outbox': jobsAndOutbox,
  '2026_11_22_0002_captcha': captcha,
  '2026_11_22_0003_accounts': accounts,
  '2026_11_22_0004_device_tokens': deviceTokens,
  '2026_11_22_0005_devices_and_sync': devicesAndSync,
  '2026_11_22_0006_calendar_range_and_presence': calendarRangeAndPresence,
  '2026_12_07_0007_media': media,
  '2026_12_08_0008_job_fairness': jobFairness,
  '2026_12_08_0009_trust_expiry_and_owner_switches': trustExpiryAndOwnerSwitches,
  '2026_12_08_0010_sign_in_guards': signInGuards,
};
