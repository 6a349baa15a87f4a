// Run by the blob store tests as a separate process: it writes a slow, endless-ish blob so the test can
// SIGKILL it mid-write and inspect what a crashed writer leaves behind.
import { setTimeout as sleep } from 'node:timers/promises';
import { openFsBlobStore } from './fs-blob-store.js';

const root = process.argv[2];
if (!root) throw new Error('usage: crash-writer.fixture.ts <store root>');

async function* slowBytes(): AsyncGenerator<Uint8Array> {
  // Bounded, so an orphan whose test runner died still ends on its own after a few minutes.
  for (let i = 0; i < 5_000; i++) {
    yield Buffer.alloc(64 * 1024, i % 256);
    await sleep(20);
  }
}

const store = await openFsBlobStore(root);
const writer = await store.stage();
await writer.write(slowBytes());
await writer.commit();
