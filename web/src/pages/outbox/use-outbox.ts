import type { OutboxChannel, OutboxList } from '@nimbus/protocol';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api';

/** The newest 50 messages of the local outbox, of one channel or of both. */
export function useOutbox(channel: OutboxChannel | null) {
  return useQuery({
    queryKey: ['outbox', channel],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ limit: '50' });
      if (channel !== null) query.set('channel', channel);
      return getJson<OutboxList>(`/api/v1/dev/outbox?${query}`, { signal });
    },
    select: ({ messages }) => messages.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt)),
  });
}
