import type { SessionInfo } from '@nimbus/protocol';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/** GET /api/v1/session: the signed-in account and its CSRF token, or null when signed out. */
export const SESSION_QUERY_KEY = ['session'] as const;
/** Everything that belongs to the signed-in account; removed whole at sign-out. */
export const ACCOUNT_QUERY_KEY = ['account'] as const;

/** A session the server no longer knows (expired, or signed out elsewhere) makes the portal signed out. */
function forgetEndedSession(error: Error) {
  if (error instanceof ApiError && error.code === 'unauthorized') {
    queryClient.setQueryData<SessionInfo | null>(SESSION_QUERY_KEY, null);
    queryClient.removeQueries({ queryKey: ACCOUNT_QUERY_KEY });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: forgetEndedSession }),
  mutationCache: new MutationCache({ onError: forgetEndedSession }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx answer will not change by asking again; a network failure or 5xx may.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
    },
  },
});

/** The CSRF token of the signed-in session, as the session query last saw it. */
export function currentCsrfToken(): string | null {
  return queryClient.getQueryData<SessionInfo | null>(SESSION_QUERY_KEY)?.csrfToken ?? null;
}
