import type { CaptchaImagesTable, CaptchaRedemptionsTable } from '../captcha/captcha.tables.js';
import type { JobsTable, JobSchedulesTable } from '../jobs/jobs.tables.js';
import type { OutboxTable } from '../messages/outbox.tables.js';

/**
 * Every table Nimbus knows, for Kysely's typing. Core declares its own here; each module declares
 * its tables in its *.tables.ts by adding them to this interface (declaration merging:
 * `declare module '../../core/db/tables.js' { interface Tables extends AccountsTables {} }`), and
 * its index imports that file, so wherever the module is, its tables are typed. No module reads
 * another module's tables.
 */
export interface Tables {
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  outbox_messages: OutboxTable;
  captcha_redemptions: CaptchaRedemptionsTable;
  captcha_images: CaptchaImagesTable;
}
