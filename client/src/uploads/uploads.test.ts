import { createHash, randomBytes } from 'node:crypto';
import type { NewMediaItem } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, owner, type TestApp, TestDevice } from '../../../server/src/test/index.js';
import {
  keyValueResumeMemory,
  tusPort,
  uploadFiles,
  type KeyValueStore,
  type TusPort,
  type UploadEnvironment,
  type UploadEvents,
  type UploadFile,
  type UploadOutcome,
} from './index.js';

const KB = 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A refusal as a client shows it: the status the algorithm reads, and the server's code. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

interface Known {
  id: string;
}

/** localStorage's shape over a Map. */
class MapStore implements KeyValueStore {
  readonly entries = new Map<string, string>();
  getItem = (key: string) => this.entries.get(key) ?? null;
  setItem = (key: string, value: string) => void this.entries.set(key, value);
  removeItem = (key: string) => void this.entries.delete(key);
}

describe('uploadFiles, the upload algorithm the CLI and the portal share, against a real server', () => {
  let test: TestApp;
  let url: string;
  let accounts = 0;
  beforeAll(async () => {
    test = await createTestApp({ env: { NIMBUS_CAPTCHA: 'off', NIMBUS_FREE_QUOTA: '3MB' } });
    url = await listen(test.app);
  });
  afterAll(() => test.close());

  /** A signed-in device of a new account, and an environment that uploads Buffers as it. */
  async function client() {
    accounts += 1;
    const email = `uploads.${accounts}@example.org`;
    const ip = `10.52.0.${accounts}`;
    await owner(test.app, email, ip);
    const device = await new TestDevice(test.app, ip).connect(email, 'laptop');
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${device.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json = (text === '' ? {} : JSON.parse(text)) as { error?: { code: string } };
      if (!response.ok) throw new Refused(response.status, json.error?.code ?? '');
      return { status: response.status, json };
    };
    const sent: string[] = [];
    const asked: string[][] = [];
    const real = tusPort<Buffer>({
      endpoint: `${url}/api/v1/uploads`,
      open: (bytes) => ({ input: bytes }),
      chunkSize: 256 * KB,
      token: () => Promise.resolve(device.accessToken),
      failure: (error, refusal) => {
        if (refusal === null) return error;
        const code = (refusal.body as { error?: { code: string } } | undefined)?.error?.code ?? '';
        return new Refused(refusal.status, code);
      },
    });
    const tus: TusPort<Buffer> = {
      discard: (target) => real.discard(target),
      send: (bytes, item, options) => {
        sent.push(item.name);
        return real.send(bytes, item, options);
      },
    };
    const store = new MapStore();
    const env: UploadEnvironment<Buffer, UploadFile<Buffer>, Known> = {
      hash: (bytes, onProgress) => {
        onProgress(bytes.length);
        return Promise.resolve(sha256(bytes));
      },
      missing: async (hashes) => {
        asked.push(hashes);
        return ((await api('POST', '/api/v1/media/missing', { hashes })).json as { missing: string[] }).missing;
      },
      fromKnownBytes: async (file, item) => {
        try {
          const answer = await api('POST', '/api/v1/media/items', { ...item, size: file.size });
          return { id: (answer.json as unknown as { item: Known }).item.id };
        } catch (error) {
          if (error instanceof Refused && error.status === 404) return null;
          throw error;
        }
      },
      tus,
      resume: keyValueResumeMemory(store, (file, hash) => `${hash}-${file.size}`),
      stopping: 'pause',
    };
    /** The SHA-256 of an item's bytes as the server gives them back. */
    const downloaded = async (id: string) => {
      const response = await fetch(`${url}/api/v1/media/items/${id}/content`, {
        headers: { authorization: `Bearer ${device.accessToken}` },
      });
      expect(response.status).toBe(200);
      return sha256(new Uint8Array(await response.arrayBuffer()));
    };
    /** Where the server stands with an upload (tus HEAD), or null when it does not know it. */
    const offset = async (target: string) => {
      const response = await fetch(target, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${device.accessToken}`, 'tus-resumable': '1.0.0' },
      });
      return response.status === 404 ? null : Number(response.headers.get('upload-offset'));
    };
    return { env, store, sent, asked, downloaded, offset, api };
  }

  const file = (name: string, bytes: Buffer, signal?: AbortSignal): UploadFile<Buffer> => ({
    source: bytes,
    size: bytes.length,
    item: { section: 'files', name } satisfies Omit<NewMediaItem, 'sha256'>,
    signal,
  });

  /** Runs the algorithm, noting the events. */
  async function run(env: UploadEnvironment<Buffer, UploadFile<Buffer>, Known>, files: UploadFile<Buffer>[]) {
    const seen: string[] = [];
    const progress = new Map<string, number>();
    const hashed = new Map<string, number>();
    const events: UploadEvents<UploadFile<Buffer>, Known> = {
      hashing: (one, done) => hashed.set(one.item.name, done),
      checking: (some) => seen.push(`checking ${some.map((one) => one.item.name).join(',')}`),
      uploading: (one) => seen.push(`uploading ${one.item.name}`),
      resuming: (one, at) => seen.push(`resuming ${one.item.name} at ${at}`),
      restarting: (one) => seen.push(`restarting ${one.item.name}`),
      progress: (one, sent, total) => {
        expect(total).toBe(one.size);
        expect(sent).toBeGreaterThanOrEqual(progress.get(one.item.name) ?? 0);
        progress.set(one.item.name, sent);
      },
      settled: (one, outcome) => void seen.push(`${outcome.kind} ${one.item.name}`),
    };
    const outcomes = await uploadFiles(files, env, events);
    return { outcomes, seen, progress, hashed };
  }

  const uploaded = (outcome: UploadOutcome<Known> | undefined) => {
    if (outcome?.kind !== 'uploaded') throw new Error(`not uploaded: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('uploads what the server lacks, reporting progress, and sends nothing for bytes it has', async () => {
    const { env, sent, asked, downloaded } = await client();
    const photo = randomBytes(600 * KB);
    const first = await run(env, [file('a.bin', photo)]);
    const [done] = first.outcomes;
    expect(uploaded(done)).toMatchObject({ sha256: sha256(photo), resumedAt: 0, sent: photo.length });
    expect(await downloaded(uploaded(done).itemId ?? '')).toBe(sha256(photo));
    expect(first.hashed.get('a.bin')).toBe(photo.length);
    expect(first.progress.get('a.bin')).toBe(photo.length);
    expect(first.seen).toEqual(['checking a.bin', 'uploading a.bin', 'uploaded a.bin']);

    // The same bytes under another name, and new ones: asked once, only the new ones are sent.
    const other = randomBytes(40 * KB);
    asked.length = 0;
    sent.length = 0;
    const second = await run(env, [file('copy.bin', photo), file('b.bin', other)]);
    expect(asked).toEqual([[sha256(photo), sha256(other)]]);
    expect(sent).toEqual(['b.bin']);
    expect(second.outcomes.map((outcome) => outcome.kind)).toEqual(['present', 'uploaded']);
    expect(second.progress.has('copy.bin')).toBe(false);

    // The same file twice in one run: its bytes go once.
    sent.length = 0;
    const twice = randomBytes(20 * KB);
    const third = await run(env, [file('c.bin', twice), file('d.bin', twice)]);
    expect(third.outcomes.map((outcome) => outcome.kind)).toEqual(['uploaded', 'present']);
    expect(sent).toEqual(['c.bin']);
  });

  it('continues a stopped upload from the server offset, and restarts one the server lost', async () => {
    const { env, store, sent, offset, downloaded } = await client();
    const video = randomBytes(1536 * KB);
    const controller = new AbortController();
    const stopping = await uploadFiles([file('video.bin', video, controller.signal)], env, {
      progress: (_file, done) => {
        if (done >= 700 * KB) controller.abort();
      },
    });
    expect(stopping.map((outcome) => outcome.kind)).toEqual(['stopped']);
    const remembered = [...store.entries.values()].map((entry) => (JSON.parse(entry) as { url: string }).url);
    expect(remembered).toHaveLength(1);
    const at = (await offset(remembered[0] ?? '')) ?? 0;
    expect(at).toBeGreaterThanOrEqual(512 * KB);
    expect(at).toBeLessThan(video.length);

    const resumed = await run(env, [file('video.bin', video)]);
    expect(resumed.seen).toContain(`resuming video.bin at ${at}`);
    const done = uploaded(resumed.outcomes[0]);
    expect(done).toMatchObject({ resumedAt: at, sent: video.length - at });
    expect(await downloaded(done.itemId ?? '')).toBe(sha256(video));
    expect(store.entries.size).toBe(0);

    // A remembered upload the server does not know: started again, from the first byte.
    const clip = randomBytes(300 * KB);
    await env.resume.remember(file('clip.bin', clip), sha256(clip), `${remembered[0]?.replace(/[^/]+$/, '')}gone`);
    sent.length = 0;
    const again = await run(env, [file('clip.bin', clip)]);
    expect(again.seen).toEqual(['checking clip.bin', 'uploading clip.bin', 'restarting clip.bin', 'uploaded clip.bin']);
    expect(uploaded(again.outcomes[0])).toMatchObject({ resumedAt: 0, sent: clip.length });
    expect(await downloaded(uploaded(again.outcomes[0]).itemId ?? '')).toBe(sha256(clip));
    expect(store.entries.size).toBe(0);
  });

  it('gives a 507 of a full account back at once as the client shows refusals, keeping nothing', async () => {
    const { env, store, api } = await client();
    const huge = randomBytes(4 * 1024 * KB);
    const started = Date.now();
    const [outcome] = (await run(env, [file('huge.bin', huge)])).outcomes;
    expect(outcome).toMatchObject({ kind: 'failed', stage: 'store', sha256: sha256(huge) });
    const error = outcome?.kind === 'failed' ? outcome.error : null;
    expect(error).toBeInstanceOf(Refused);
    expect(error).toMatchObject({ status: 507, code: 'insufficient_storage' });
    // Not retried: asking again would change nothing.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(store.entries.size).toBe(0);
    const storage = (await api('GET', '/api/v1/storage')).json as { usedBytes: number };
    expect(storage.usedBytes).toBe(0);
  });

  it('cancelling deletes the upload on the server and forgets it', async () => {
    const { env, store, offset } = await client();
    const bytes = randomBytes(1024 * KB);
    const controller = new AbortController();
    let url: string | undefined;
    const outcomes = await uploadFiles(
      [file('gone.bin', bytes, controller.signal)],
      { ...env, stopping: 'cancel' },
      {
        sending: () => {
          url = [...store.entries.values()].map((entry) => (JSON.parse(entry) as { url: string }).url)[0];
        },
        progress: (_file, done) => {
          if (done >= 300 * KB) controller.abort();
        },
      },
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['stopped']);
    expect(store.entries.size).toBe(0);
    await expect.poll(() => offset(url ?? '')).toBeNull();
  });
});
