import type { Readiness, ServerInfo } from '@nimbus/protocol';
import { useQuery } from '@tanstack/react-query';
import { getJson } from './api';

/** Name, version and mode of the server; the mode decides which developer pages exist. */
export function useServerInfo() {
  return useQuery({
    queryKey: ['meta'],
    queryFn: ({ signal }) => getJson<ServerInfo>('/api/v1/meta', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The server's own health checks, refreshed every half minute while the page is open. */
export function useReadiness() {
  return useQuery({
    queryKey: ['readiness'],
    queryFn: ({ signal }) => getJson<Readiness>('/readyz', { signal, accept: [503] }),
    refetchInterval: 30_000,
  });
}
