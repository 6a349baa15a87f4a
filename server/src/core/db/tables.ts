import type { CaptchaImagesTable, CaptchaRedemptionsTable } from '../captcha/captcha.tables.js';
import type { JobsTable, JobSchedulesTable } from '../jobs/jobs.tables.js';
import type { OutboxTable } from '../messages/outbox.tables.js';
import type {
  AccountIdentifiersTable,
  AccountsTable,
  RefreshTokensTable,
  SecurityEventsTable,
  SessionsTable,
  TrustedBrowsersTable,
  VerificationsTable,
} from '../../modules/accounts/accounts.tables.js';
import type { DeviceCommandsTable, DevicesTable, DeviceSyncTable } from '../../modules/devices/devices.tables.js';
import type { MediaFoldersTable, MediaItemsTable } from '../../modules/media/media.tables.js';
import type {
  BlobOrphansTable,
  BlobRefsTable,
  StorageUsageTable,
  UploadHoldsTable,
} from '../../modules/storage/storage.tables.js';
import type { PushReceiptsTable, RecordsTable, SyncStateTable } from '../../modules/sync/sync.tables.js';

/**
 * Every table Nimbus knows, for Kysely's typing. Each module declares its own tables beside its
 * repo and adds them here; no module reads another module's tables.
 */
export interface Tables {
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  outbox_messages: OutboxTable;
  captcha_redemptions: CaptchaRedemptionsTable;
  captcha_images: CaptchaImagesTable;
  accounts: AccountsTable;
  account_identifiers: AccountIdentifiersTable;
  verifications: VerificationsTable;
  sessions: SessionsTable;
  trusted_browsers: TrustedBrowsersTable;
  refresh_tokens: RefreshTokensTable;
  security_events: SecurityEventsTable;
  devices: DevicesTable;
  device_sync: DeviceSyncTable;
  device_commands: DeviceCommandsTable;
  sync_state: SyncStateTable;
  records: RecordsTable;
  push_receipts: PushReceiptsTable;
  media_blobs: BlobRefsTable;
  blob_orphans: BlobOrphansTable;
  media_folders: MediaFoldersTable;
  media_items: MediaItemsTable;
  media_uploads: UploadHoldsTable;
  media_usage: StorageUsageTable;
}
