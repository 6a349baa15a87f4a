import { MAX_MEDIA_LIST_LIMIT, MAX_MISSING_HASHES, UPLOAD_ITEM_HEADER } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { GALLERY_PAGE_SIZE } from './gallery-api';
import { ITEM_HEADER, MISSING_BATCH } from './uploads/upload-queue';

describe('the gallery’s copies of protocol constants', () => {
  it('are the protocol’s', () => {
    expect(GALLERY_PAGE_SIZE).toBe(MAX_MEDIA_LIST_LIMIT);
    expect(MISSING_BATCH).toBe(MAX_MISSING_HASHES);
    expect(ITEM_HEADER).toBe(UPLOAD_ITEM_HEADER);
  });
});
