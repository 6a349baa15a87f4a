import type { ErrorBody } from '@nimbus/protocol';

/** A failed API call, carrying the server's { error: { code, message } } when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly error: ErrorBody['error'] | null,
  ) {
    super(error?.message ?? `The server answered HTTP ${status}`);
  }
}

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

export interface GetOptions {
  signal?: AbortSignal;
  /** Statuses besides 2xx whose body is still the answer, such as 503 from /readyz. */
  accept?: readonly number[];
}

/** GETs JSON from the Nimbus server this portal is served by. */
export async function getJson<T>(path: string, { signal, accept = [] }: GetOptions = {}): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  if (!response.ok && !accept.includes(response.status)) throw new ApiError(response.status, await readError(response));
  return (await response.json()) as T;
}
