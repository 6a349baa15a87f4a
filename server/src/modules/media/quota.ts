import type { Storage } from '@nimbus/protocol';
import { AppError } from '../../core/http/errors.js';
import type { MediaDeps } from './media.deps.js';
import type { StorageRepo, UsageRow } from './storage.repo.js';

const GB = 1024 ** 3;

/** "1.2 GB" in messages; the portal formats numbers itself from details. */
export function readableBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function insufficientStorage(needed: number, free: number, quota: number): AppError {
  const left = Math.max(0, free);
  return new AppError(
    'insufficient_storage',
    `Not enough storage: this needs ${readableBytes(needed)} and ${readableBytes(left)} of your ${readableBytes(quota)} are left. Delete something (and empty the recycle bin) to make room.`,
    { neededBytes: needed, freeBytes: left, quotaBytes: quota },
  );
}

/**
 * Space that counts against the quota, and what is left: distinct blobs, records and held uploads.
 * `records` is read before the transaction: the sync module's tables are not ours to read inside it
 * (and on SQLite, one connection, a read beside the open transaction would wait for ever).
 */
export async function spaceOf(
  quotaBytes: number,
  records: number,
  storage: StorageRepo,
  accountId: string,
  usage: UsageRow | undefined,
  exceptUploadId?: string,
): Promise<{ used: number; reserved: number; records: number; free: number }> {
  const reserved = await storage.reservedBytes(accountId, exceptUploadId);
  const used = (usage?.blobs ?? 0) + records + reserved;
  return { used, reserved, records, free: quotaBytes - used };
}

/** The storage page's numbers. */
export async function describeStorage(
  deps: Pick<MediaDeps, 'quotaBytes' | 'recordsBytes'>,
  storage: StorageRepo,
  accountId: string,
): Promise<Storage> {
  const usage = await storage.usage(accountId);
  const space = await spaceOf(deps.quotaBytes, await deps.recordsBytes(accountId), storage, accountId, usage);
  return {
    quotaBytes: deps.quotaBytes,
    usedBytes: space.used,
    breakdown: {
      gallery: usage?.gallery ?? 0,
      recordings: usage?.recordings ?? 0,
      files: usage?.files ?? 0,
      records: space.records,
      bin: usage?.bin ?? 0,
      uploads: space.reserved,
    },
    readOnly: space.used > deps.quotaBytes,
    plan: 'free',
  };
}
