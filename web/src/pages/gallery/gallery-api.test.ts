import { MAX_MEDIA_LIST_LIMIT } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { GALLERY_PAGE_SIZE } from './gallery-api';

describe('the gallery’s copies of protocol constants', () => {
  it('are the protocol’s', () => {
    expect(GALLERY_PAGE_SIZE).toBe(MAX_MEDIA_LIST_LIMIT);
  });
});
