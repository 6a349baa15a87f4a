import { UPLOAD_EXPIRY_HOURS } from '@nimbus/protocol';
import type { UploadFile } from './upload-files.js';

/**
 * Where a client remembers its unfinished uploads, so the same bytes picked again (after Ctrl-C, a
 * crash, a cut or a reload) continue from the server's offset instead of starting over. The CLI
 * keeps them in a locked file; the portal in the browser's storage (`keyValueResumeMemory`).
 */
export interface ResumeMemory<F extends UploadFile<unknown>> {
  /** The URL of an unfinished upload of these bytes (`sha256`) of this file, if one is remembered. */
  find(file: F, sha256: string): Promise<string | undefined>;
  /** Saved before the upload's first byte is sent. */
  remember(file: F, sha256: string, url: string): Promise<void>;
  forget(file: F, sha256: string): Promise<void>;
}

/** The part of the Web Storage API the memory needs (localStorage, or a Map-backed stand-in). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const EXPIRY_MS = UPLOAD_EXPIRY_HOURS * 3_600_000;

/**
 * Unfinished uploads in a key-value store, one entry per `keyOf(file, sha256)`; an entry older than
 * the server keeps unfinished uploads is not used. A store that refuses (full, private mode) costs
 * only the head start: the upload begins again.
 */
export function keyValueResumeMemory<F extends UploadFile<unknown>>(
  store: KeyValueStore,
  keyOf: (file: F, sha256: string) => string,
  now: () => number = Date.now,
): ResumeMemory<F> {
  const attempt = (work: () => void) => {
    try {
      work();
    } catch {
      // See above: nothing is lost but the head start.
    }
  };
  return {
    find(file, sha256) {
      let entry: unknown;
      attempt(() => {
        entry = JSON.parse(store.getItem(keyOf(file, sha256)) ?? 'null') as unknown;
      });
      if (typeof entry !== 'object' || entry === null || !('url' in entry) || !('savedAt' in entry))
        return Promise.resolve(undefined);
      const { url, savedAt } = entry;
      const fresh = typeof savedAt === 'number' && now() - savedAt < EXPIRY_MS;
      return Promise.resolve(fresh && typeof url === 'string' ? url : undefined);
    },
    remember(file, sha256, url) {
      attempt(() => store.setItem(keyOf(file, sha256), JSON.stringify({ url, savedAt: now() })));
      return Promise.resolve();
    },
    forget(file, sha256) {
      attempt(() => store.removeItem(keyOf(file, sha256)));
      return Promise.resolve();
    },
  };
}
