import { MAX_PUSH_BYTES, MAX_PUSH_ITEMS, type PushItem } from '@nimbus/protocol';

/** Room left in a push body for `{"items":[…]}` and the commas. */
const ENVELOPE_BYTES = 64;

/**
 * Splits items into pushes the server accepts: at most `maxItems` each and at most `maxBytes` of
 * JSON. An item too big on its own goes alone (the server then says why it refuses it).
 */
export function pushBatches(items: PushItem[], maxItems = MAX_PUSH_ITEMS, maxBytes = MAX_PUSH_BYTES): PushItem[][] {
  const batches: PushItem[][] = [];
  let batch: PushItem[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (batch.length > 0 && (batch.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = ENVELOPE_BYTES;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
