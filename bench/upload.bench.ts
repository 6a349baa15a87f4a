import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { buildApp, loadConfig } from '@nimbus/server';
import { Upload } from 'tus-js-client';
import { freePort, owner, TestDevice, withoutNimbusVariables } from '../server/src/test/index.js';
import { mean, type Bench } from './bench.js';

const SIZE = 1024 ** 3;
const ROUNDS = 2;
const root = path.resolve(import.meta.dirname, '..');
const mib = (bytes: number) => bytes / 1024 ** 2;

/** The process's peak resident memory so far (VmHWM), in bytes. */
async function peakMemory(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  if (match?.[1] === undefined) throw new Error('no VmHWM in /proc status');
  return Number(match[1]) * 1024;
}

async function writeRandomFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let written = 0; written < SIZE; written += 16 * 1024 ** 2) {
    if (!out.write(randomBytes(16 * 1024 ** 2))) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** Makes the file's content new (its first bytes), so each round stores a blob of its own. */
async function renew(file: string, round: number): Promise<string> {
  const handle = await fs.open(file, 'r+');
  await handle.write(Buffer.from(`round ${round} ${Date.now()}`), 0, undefined, 0);
  await handle.close();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 ** 2 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What a plain copy does: read the bytes, write them to the same disk, fsync. */
async function rawCopy(source: string, target: string): Promise<void> {
  const handle = await fs.open(target, 'w');
  await pipeline(createReadStream(source, { highWaterMark: 1024 ** 2 }), handle.createWriteStream({ flush: true }));
  await fs.rm(target);
}

function upload(baseUrl: string, token: string, file: string, sha256: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tus = new Upload(createReadStream(file), {
      endpoint: `${baseUrl}/api/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata: { section: 'files', name: `bench-${sha256.slice(0, 8)}.bin`, sha256 },
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve(),
    });
    tus.start();
  });
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * A 1 GB file uploaded over tus to a Nimbus server process (its whole path: HTTP, staging file, SHA-256
 * check, fsync, link into the blob store, the item's transaction) vs a plain read-write-fsync copy of
 * the same bytes on the same disk, alternating; and the server's peak memory while it took them.
 */
const uploadBench: Bench = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-upload-'));
  const port = await freePort();
  const env = {
    NIMBUS_DATA_DIR: path.join(dir, 'data'),
    NIMBUS_PORT: String(port),
    NIMBUS_CAPTCHA: 'off',
    NIMBUS_LOG_LEVEL: 'warn',
    NIMBUS_FREE_QUOTA: '20GB',
  };
  let server: ChildProcess | undefined;
  try {
    const app = await buildApp(loadConfig(env), { runJobs: false });
    await owner(app, 'bench.upload@example.org', '10.40.0.1');
    const token = (await new TestDevice(app, '10.40.0.2').connect('bench.upload@example.org', 'Phone')).accessToken;
    await app.close();

    server = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...withoutNimbusVariables(process.env), ...env },
      stdio: 'inherit',
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    for (
      let tries = 0;
      !(await fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      ));
      tries++
    ) {
      if (tries > 300) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pid = server.pid ?? 0;
    const idleMemory = await peakMemory(pid);

    const file = path.join(dir, 'video.bin');
    await writeRandomFile(file);
    const rawRates: number[] = [];
    const nimbusRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      await rawCopy(file, path.join(dir, 'copy.bin'));
      rawRates.push(mib(SIZE) / seconds(started));
      const sha256 = await renew(file, round);
      started = performance.now();
      await upload(baseUrl, token, file, sha256);
      nimbusRates.push(mib(SIZE) / seconds(started));
    }
    const peak = await peakMemory(pid);
    const raw = mean(rawRates);
    const nimbus = mean(nimbusRates);
    return {
      name: 'Upload of a 1 GB file',
      question: `A 1 GiB file uploaded over tus to a Nimbus server process (HTTP, staging, SHA-256 check, fsync, link into the blob store, the item) vs a plain read + write + fsync copy of the same bytes on the same disk; ${ROUNDS} alternating rounds, and the server's peak memory.`,
      rows: [
        ['raw copy, MiB/s', raw.toFixed(0)],
        ['Nimbus upload, MiB/s', nimbus.toFixed(0)],
        ['server resident memory before the uploads, MiB', mib(idleMemory).toFixed(0)],
        ['server peak resident memory after 2 × 1 GiB, MiB', mib(peak).toFixed(0)],
      ],
      ratio: { label: 'Nimbus upload / raw copy throughput', value: nimbus / raw },
    };
  } finally {
    server?.kill('SIGTERM');
    if (server !== undefined) await new Promise((resolve) => server?.once('exit', resolve));
    await fs.rm(dir, { recursive: true, force: true });
  }
};

export default uploadBench;
