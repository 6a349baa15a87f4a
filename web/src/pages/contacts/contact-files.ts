import type { ErrorBody, ImportResult } from '@nimbus/protocol';
import { ApiError } from '../../api';
import { currentCsrfToken } from '../../query-client';

/** Every contact as one .vcf file; the browser downloads it with the session's cookie. */
export const EXPORT_URL = '/api/v1/contacts/export';

/** Sends a .vcf file's text to the server, which stores each card as a contact. */
export async function importVcf(text: string): Promise<ImportResult> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/vcard' };
  const csrfToken = currentCsrfToken();
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await fetch('/api/v1/contacts/import', {
    method: 'POST',
    headers,
    body: text,
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(response.status, body?.error ?? null);
  }
  return (await response.json()) as ImportResult;
}
