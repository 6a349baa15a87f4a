import type { Category, Change, PullResponse, PushItem, PushResult } from '@nimbus/protocol';
import type { Progress } from '../progress.js';
import { NimbusApiError } from '../sdk.js';
import { saveConflictCopy } from './conflict-copies.js';
import type { CategoryState, RecordState } from './folder-state.js';
import { FolderFormatError, type FolderFormat, type LocalItem } from './formats/format.js';
import { hashText } from './ids.js';
import { pushBatches } from './push-batches.js';

/** The calls a sync makes; NimbusClient answers them. */
export interface SyncApi {
  pullChanges(category: Category, since: string, limit?: number): Promise<PullResponse>;
  pushChanges(category: Category, items: PushItem[]): Promise<PushResult[]>;
}

const PULL_PAGE = 500;

/**
 * A record changed on both sides. The rule: a change outweighs a deletion; between two changes the
 * server's copy stays in the folder and the folder's is saved as a conflict copy. Nothing is lost.
 */
export interface Conflict {
  id: string;
  kind: 'changed-on-both' | 'deleted-here' | 'deleted-on-server';
  /** The folder's side, described; null when the folder deleted the record. */
  here: string | null;
  /** The server's side, described; null when the server deleted the record. */
  server: string | null;
  /** Which side the folder holds now (and the server, after this sync). */
  kept: 'server' | 'here';
  /** Where the folder's side was saved, relative to the folder, when it was not kept. */
  copy: string | null;
}

/** A change the server refused (a malformed vCard, say): it stays in the folder and goes again next time. */
export interface Rejection {
  id: string;
  label: string;
  message: string;
}

export interface CategoryReport {
  category: Category;
  up: number;
  down: number;
  conflicts: Conflict[];
  rejected: Rejection[];
  /** The server had forgotten deletions older than the cursor: the category was compared whole. */
  restarted: boolean;
}

export interface CategorySyncDeps {
  api: SyncApi;
  dir: string;
  format: FolderFormat;
  progress: Progress;
}

/**
 * Two-way sync of one category between the folder and the server: pull what changed on the server
 * and fold it into the folder (conflicts decided here), push what changed in the folder against the
 * version it was based on (conflicts decided by the server), write the folder, and remember each
 * record's version and the hash of its text for the next time.
 */
export class CategorySync {
  private readonly local = new Map<string, LocalItem>();
  private readonly records: Map<string, RecordState>;
  /** A push's base version when it is not the state's: re-making a record the server deleted. */
  private readonly base = new Map<string, number | null>();
  /** Records whose change the server refused: their state stays, so they go again next time. */
  private readonly pending = new Set<string>();
  private readonly report: CategoryReport;

  constructor(
    private readonly deps: CategorySyncDeps,
    private readonly state: CategoryState | undefined,
  ) {
    this.records = new Map(Object.entries(state?.records ?? {}));
    this.report = { category: deps.format.category, up: 0, down: 0, conflicts: [], rejected: [], restarted: false };
  }

  async run(): Promise<{ state: CategoryState; report: CategoryReport }> {
    const { format } = this.deps;
    const items = await format.read(this.records);
    if (items === null && this.records.size > 0) {
      throw new FolderFormatError(
        `${format.where} is missing, though ${this.records.size} record(s) were synced into it: put it back, ` +
          'or make it empty to delete them all',
      );
    }
    for (const item of items ?? []) this.local.set(item.id, item);
    const cursor = await this.pull(this.state?.cursor ?? '0');
    await this.push();
    await format.write([...this.local.values()]);
    await this.rememberWritten();
    return { state: { cursor, records: Object.fromEntries(this.records) }, report: this.report };
  }

  private changedHere(id: string): boolean {
    const item = this.local.get(id);
    const known = this.records.get(id);
    if (known === undefined) return item !== undefined;
    return item === undefined || hashText(item.text) !== known.hash;
  }

  private async pull(since: string): Promise<string> {
    const { api, format, progress } = this.deps;
    let cursor = since;
    let whole = since === '0';
    const seen = new Set<string>();
    progress.start(`${format.category} ↓`, null);
    try {
      for (;;) {
        let page: PullResponse;
        try {
          page = await api.pullChanges(format.category, cursor, PULL_PAGE);
        } catch (error) {
          if (!(error instanceof NimbusApiError && error.code === 'cursor_expired' && cursor !== '0')) throw error;
          // The server forgot deletions this cursor would need: compare everything from the start.
          cursor = '0';
          whole = true;
          seen.clear();
          this.report.restarted = true;
          continue;
        }
        for (const change of page.changes) {
          if (!change.deleted) seen.add(change.id);
          await this.take(change);
        }
        progress.advance(page.changes.length);
        cursor = page.cursor;
        if (!page.more) break;
      }
    } finally {
      progress.stop();
    }
    // A listing from the start names every record there is: the others were deleted.
    if (whole) for (const id of [...this.records.keys()]) if (!seen.has(id)) this.goneFromServer(id);
    return cursor;
  }

  private async take(change: Change): Promise<void> {
    const { id } = change;
    const known = this.records.get(id);
    // The folder holds this version already (its own push coming back).
    if (known !== undefined && known.version >= change.version) return;
    const item = this.local.get(id);
    const changedHere = this.changedHere(id);
    if (!change.deleted) {
      await this.adopt(this.deps.format.fromServer(id, change.data), change.version, item, changedHere);
      return;
    }
    if (item === undefined) {
      this.records.delete(id);
    } else if (!changedHere) {
      this.local.delete(id);
      this.records.delete(id);
      this.report.down++;
    } else {
      this.remake(id, item, change.version);
    }
  }

  /** The server forgot the record altogether (its deletion was pruned). */
  private goneFromServer(id: string): void {
    const item = this.local.get(id);
    if (item !== undefined && this.changedHere(id)) {
      this.remake(id, item, null);
      return;
    }
    this.records.delete(id);
    if (item !== undefined) {
      this.local.delete(id);
      this.report.down++;
    }
  }

  /** Deleted on the server, changed here: the change outweighs the deletion and makes the record again. */
  private remake(id: string, item: LocalItem, tombstoneVersion: number | null): void {
    this.records.delete(id);
    this.base.set(id, tombstoneVersion);
    this.report.conflicts.push({
      id,
      kind: 'deleted-on-server',
      here: item.label,
      server: null,
      kept: 'here',
      copy: null,
    });
  }

  /** The folder takes the server's copy; a different change made here is saved as a conflict copy first. */
  private async adopt(server: LocalItem, version: number, item: LocalItem | undefined, changedHere: boolean) {
    const { dir, format } = this.deps;
    const { id } = server;
    if (changedHere && item === undefined) {
      // Deleted here, changed on the server: the change outweighs the deletion.
      this.report.conflicts.push({
        id,
        kind: 'deleted-here',
        here: null,
        server: server.label,
        kept: 'server',
        copy: null,
      });
    } else if (changedHere && item !== undefined && !format.sameContent(item, server)) {
      const copy = await saveConflictCopy(dir, format.category, id, format.conflictCopy(item));
      this.report.conflicts.push({
        id,
        kind: 'changed-on-both',
        here: item.label,
        server: server.label,
        kept: 'server',
        copy,
      });
    } else if (!changedHere) {
      this.report.down++;
    }
    this.local.set(id, server);
    this.records.set(id, entry(server, version));
    this.base.delete(id);
  }

  private async push(): Promise<void> {
    const { format, progress } = this.deps;
    let round: PushItem[] = [];
    for (const id of new Set([...this.local.keys(), ...this.records.keys()])) {
      if (!this.changedHere(id)) continue;
      const item = this.local.get(id);
      const baseVersion = this.base.has(id) ? (this.base.get(id) ?? null) : (this.records.get(id)?.version ?? null);
      round.push(
        item === undefined ? { id, op: 'delete', baseVersion } : { id, op: 'upsert', baseVersion, data: item.data },
      );
    }
    if (round.length === 0) return;
    progress.start(`${format.category} ↑`, round.length);
    try {
      // A second round re-sends what the first found deleted on the server, based on the deletion.
      for (let attempt = 1; attempt <= 2 && round.length > 0; attempt++) {
        const again: PushItem[] = [];
        for (const batch of pushBatches(round)) {
          const answer = await this.pushBatch(batch);
          if (answer === null) {
            if (attempt === 1) progress.advance(batch.length);
            continue;
          }
          const results = new Map(answer.map((result) => [result.id, result]));
          for (const sent of batch) {
            const result = results.get(sent.id);
            if (result === undefined) throw new Error(`the server did not answer for record ${sent.id}`);
            await this.settle(sent, result, attempt === 1 ? again : null);
          }
          if (attempt === 1) progress.advance(batch.length);
        }
        round = again;
      }
    } finally {
      progress.stop();
    }
  }

  /**
   * One batch; null when the account's storage is full and nothing of it fitted (507): its changes
   * stay in the folder, reported with the server's reason, and go again once there is room.
   */
  private async pushBatch(batch: PushItem[]): Promise<PushResult[] | null> {
    try {
      return await this.deps.api.pushChanges(this.deps.format.category, batch);
    } catch (error) {
      if (!(error instanceof NimbusApiError && error.code === 'insufficient_storage')) throw error;
      for (const sent of batch)
        this.refused(sent.id, this.local.get(sent.id)?.label ?? sent.id, storageFull(error.message));
      return null;
    }
  }

  private async settle(sent: PushItem, result: PushResult, retry: PushItem[] | null): Promise<void> {
    const { id } = sent;
    const item = this.local.get(id);
    switch (result.status) {
      case 'applied':
        if (item === undefined) this.records.delete(id);
        else this.records.set(id, entry(item, result.version));
        this.base.delete(id);
        this.report.up++;
        return;
      case 'conflict': {
        const { server } = result;
        if (server !== null && !server.deleted) {
          await this.adopt(this.deps.format.fromServer(id, server.data), server.version, item, true);
          return;
        }
        if (item === undefined) {
          // Deleted on both sides.
          this.records.delete(id);
          this.base.delete(id);
          return;
        }
        if (retry !== null) {
          this.remake(id, item, server?.version ?? null);
          retry.push({ ...sent, baseVersion: server?.version ?? null });
          return;
        }
        this.refused(id, item.label, 'It changed on the server during this sync; sync again.');
        return;
      }
      case 'rejected':
        if (result.error.code === 'not_found' && item === undefined) {
          this.records.delete(id);
          this.base.delete(id);
          return;
        }
        if (result.error.code === 'not_found' && item !== undefined && sent.baseVersion !== null && retry !== null) {
          // The server forgot the record (a deletion long ago): the change here makes it again.
          this.remake(id, item, null);
          retry.push({ ...sent, baseVersion: null });
          return;
        }
        this.refused(
          id,
          item?.label ?? id,
          result.error.code === 'insufficient_storage' ? storageFull(result.error.message) : result.error.message,
        );
    }
  }

  private refused(id: string, label: string, message: string): void {
    this.pending.add(id);
    this.report.rejected.push({ id, label, message });
  }

  /** Each record's text as written, hashed: what later changes in the folder are measured against. */
  private async rememberWritten(): Promise<void> {
    for (const item of (await this.deps.format.read(this.records)) ?? []) {
      const known = this.records.get(item.id);
      if (known === undefined || this.pending.has(item.id)) continue;
      this.records.set(item.id, entry(item, known.version));
    }
  }
}

/** Says why the change waits: the account is full, not the record wrong. */
function storageFull(message: string): string {
  return `not synced, the account's storage is full: ${message}`;
}

function entry(item: LocalItem, version: number): RecordState {
  return {
    version,
    hash: hashText(item.text),
    ...(item.uid === undefined ? {} : { uid: item.uid }),
    ...(item.stamp === undefined ? {} : { stamp: item.stamp }),
  };
}
