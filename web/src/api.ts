import type { ErrorBody } from '@nimbus/protocol';
import { ApiError } from './api-error';
import { currentCsrfToken } from './query-client';

export { ApiError } from './api-error';

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function readError(response: Response): Promise<ErrorBody['error'] | null> {
  try {
    const body: unknown = await response.json();
    return isErrorBody(body) ? body.error : null;
  } catch {
    return null;
  }
}

/** Retry-After in seconds; the HTTP-date form is converted too. */
function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function failure(response: Response): Promise<ApiError> {
  return new ApiError(response.status, await readError(response), retryAfter(response));
}

export interface GetOptions {
  signal?: AbortSignal;
  /** Statuses besides 2xx whose body is still the answer, such as 503 from /readyz. */
  accept?: readonly number[];
}

/** GETs JSON from the Nimbus server this portal is served by. */
export async function getJson<T>(path: string, { signal, accept = [] }: GetOptions = {}): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  if (!response.ok && !accept.includes(response.status)) throw await failure(response);
  return (await response.json()) as T;
}

/**
 * Sends a change to the server: the body as JSON, and the session's CSRF token in x-csrf-token
 * whenever the portal is signed in (the server refuses cookie-authenticated changes without it).
 * Resolves to the answer's JSON, or undefined for 204 No Content.
 */
export async function sendJson<T = undefined>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return (await sendJsonWithStatus(method, path, body)).body as T;
}

/** sendJson, also saying which success status the server answered (such as 200 for "existed already", 201 for "made"). */
export async function sendJsonWithStatus(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrfToken = currentCsrfToken();
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return { status: 204, body: undefined };
  return { status: response.status, body: (await response.json()) as unknown };
}
