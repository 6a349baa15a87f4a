import { createSHA256 } from 'hash-wasm';

/** Read this much of a file at a time: memory stays flat for a 4 GB video. */
const SLICE_BYTES = 8 * 1024 * 1024;

/**
 * The SHA-256 of a whole file as 64 lowercase hex digits, read slice by slice (a streaming
 * WebAssembly hasher: crypto.subtle would need the whole file in memory). `onProgress` hears the
 * bytes hashed so far; `signal` stops it between slices.
 */
export async function sha256OfFile(
  file: Blob,
  onProgress: (hashed: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    signal?.throwIfAborted();
    const slice = await file.slice(offset, offset + SLICE_BYTES).arrayBuffer();
    hasher.update(new Uint8Array(slice));
    onProgress(Math.min(file.size, offset + SLICE_BYTES));
  }
  return hasher.digest('hex');
}
