import type { Account, SessionInfo } from '@nimbus/protocol';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { formatInternational } from './account/phone-numbers';
import { ApiError, getJson, sendJson } from './api';
import { ACCOUNT_QUERY_KEY, queryClient, SESSION_QUERY_KEY } from './query-client';

async function fetchSession(signal: AbortSignal): Promise<SessionInfo | null> {
  try {
    return await getJson<SessionInfo>('/api/v1/session', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in account and its CSRF token; data is null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
  });
}

/** Records a session the server just opened (activation, sign-in), so every page sees it at once. */
export function storeSession(info: SessionInfo): void {
  queryClient.setQueryData<SessionInfo | null>(SESSION_QUERY_KEY, info);
}

/** Forgets the session and everything read with it. */
export function forgetSession(): void {
  queryClient.removeQueries({ queryKey: ACCOUNT_QUERY_KEY });
  queryClient.setQueryData<SessionInfo | null>(SESSION_QUERY_KEY, null);
}

/** Signs this browser out and goes to the overview. */
export function useSignOut() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => sendJson('DELETE', '/api/v1/sessions/current'),
    onSettled: async (_data, error) => {
      // A failure that left the session alive (no network, a server error) keeps the portal signed in.
      if (error !== null && !(error instanceof ApiError && error.status === 401)) return;
      // Leave first, rendered at once rather than in a transition: a page that needs a session
      // would otherwise see it gone and send the user on to /sign-in.
      await navigate('/', { flushSync: true });
      forgetSession();
    },
  });
}

/**
 * The name the portal greets an account by: its display name, else its e-mail, phone (grouped as
 * people write it) or number.
 */
export function accountName(account: Account): string {
  const byKind = (kind: 'email' | 'phone') => account.identifiers.find((identifier) => identifier.kind === kind)?.value;
  const phone = byKind('phone');
  return account.displayName ?? byKind('email') ?? (phone === undefined ? account.number : formatInternational(phone));
}

/**
 * Where to go after signing in: the page that sent the user to /sign-in, when it is a path of
 * this portal (never another site: "//evil.example" and "/\evil.example" are refused).
 */
export function safeReturnPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/account';
  return next;
}
